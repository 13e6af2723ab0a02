package org.pouw.kinds.vmstark;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.pouw.core.work.ChallengeChannel;
import org.pouw.core.work.ProgressListener;
import org.pouw.core.work.Verdict;
import org.pouw.core.work.WorkFailedException;
import org.pouw.core.work.WorkItem;
import org.pouw.core.work.WorkKind;
import org.pouw.core.work.WorkProver;
import org.pouw.kinds.stark.StarkVerdicts;
import org.pouw.stark.VmBatchStark;
import org.pouw.stark.VmStark;
import org.pouw.stark.air.hashchain.JobBinding;
import org.pouw.stark.air.vm.VmBatchStatement;
import org.pouw.vm.Program;
import org.pouw.vm.ProgramCodec;

/**
 * The {@code vm-batch} work kind (the {@code full} tier, issue 22 §3): the lead job of a batch of program intents on
 * a {@code zk_mode = "stark"} node. The worker proves every member's run in one trace with the batch AIR (AIR id 4,
 * 96-bit options); the node checks the proof against the list it built from its own records — the members' params,
 * the programs it stored and hash-checks here, the lead job's id and leaseholder — and never reads the list from
 * the proof. One accepted proof settles every member (pouw-core's batch riders).
 */
public final class VmBatchKind implements WorkKind, WorkProver {
    public static final String NAME = "vm-batch";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String kind() {
        return NAME;
    }

    /** The members' programs; each member's trace follows from its program and inputs. */
    @Override
    public List<String> proverInputs(String traceRef, String params) {
        try {
            return VmBatchParams.parse(params).programRefs();
        } catch (WorkFailedException e) {
            return List.of();
        }
    }

    @Override
    public byte[] prove(WorkItem item, ProgressListener progress, ChallengeChannel verifier) {
        VmBatchParams params = VmBatchParams.parse(item.params());
        progress.progress("fetching " + params.programRefs().size() + " programs", 0);
        List<Program> programs = programs(item, params);
        List<VmBatchStark.Run> runs = new ArrayList<>(programs.size());
        long maxSteps = 0;
        for (int i = 0; i < programs.size(); i++) {
            VmStarkParams run = params.members().get(i).run();
            runs.add(new VmBatchStark.Run(programs.get(i), run.start().registers()));
            maxSteps = Math.max(maxSteps, run.steps());
        }
        JobBinding binding;
        try {
            binding = binding(item);
        } catch (IllegalArgumentException e) {
            throw new WorkFailedException("vm-batch proof cannot be bound: " + e.getMessage());
        }
        try {
            return VmBatchStark.prove(runs, maxSteps, binding, VmStark.OPTIONS_96, progress::progress);
        } catch (IllegalArgumentException e) {
            throw new WorkFailedException("the batch cannot be proven: " + e.getMessage());
        }
    }

    @Override
    public Verdict verify(WorkItem item, byte[] proof) {
        VmBatchStatement expected;
        List<Program> programs;
        try {
            VmBatchParams params = VmBatchParams.parse(item.params());
            expected = params.statementFor(binding(item));
            programs = programs(item, params);
        } catch (IllegalArgumentException | WorkFailedException e) {
            // The node's own records cannot name what the proof must prove; no proof can be accepted for it.
            return Verdict.reject(Verdict.Reason.WRONG_PARAMETERS, "expected statement: " + e.getMessage());
        }
        return StarkVerdicts.of(VmBatchStark.verify(proof, programs, expected));
    }

    /** Each member's program, fetched once per distinct ref and checked to hash to it (the blobs are untrusted). */
    private static List<Program> programs(WorkItem item, VmBatchParams params) {
        Map<String, Program> fetched = new HashMap<>();
        List<Program> programs = new ArrayList<>(params.members().size());
        for (VmBatchParams.Member member : params.members()) {
            String ref = member.run().programRef();
            Program program = fetched.get(ref);
            if (program == null) {
                try {
                    program = ProgramCodec.decode(item.blobs().fetch(ref));
                } catch (IllegalArgumentException e) {
                    throw new WorkFailedException("program " + ref + " does not decode: " + e.getMessage());
                }
                if (!program.hashHex().equals(ref)) {
                    throw new WorkFailedException("program blob " + ref + " hashes to " + program.hashHex());
                }
                fetched.put(ref, program);
            }
            programs.add(program);
        }
        return programs;
    }

    /** The lead job's id and the prover holding its lease; an item without a prover cannot be bound. */
    private static JobBinding binding(WorkItem item) {
        String prover = item.prover().orElseThrow(() -> new IllegalArgumentException(
                "prover is missing: vm-batch proofs are bound to the DID holding the lead job's lease")).text();
        return JobBinding.of(item.jobId(), prover);
    }
}
