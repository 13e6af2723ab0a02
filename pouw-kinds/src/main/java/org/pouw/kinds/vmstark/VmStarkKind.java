package org.pouw.kinds.vmstark;

import java.util.List;
import org.pouw.core.job.JobNeeds;
import org.pouw.core.work.ChallengeChannel;
import org.pouw.core.work.ProgressListener;
import org.pouw.core.work.Verdict;
import org.pouw.core.work.WorkFailedException;
import org.pouw.core.work.WorkItem;
import org.pouw.core.work.WorkKind;
import org.pouw.core.work.WorkProver;
import org.pouw.kinds.stark.StarkVerdicts;
import org.pouw.stark.VmStark;
import org.pouw.stark.air.hashchain.JobBinding;
import org.pouw.stark.air.vm.ProgramTable;
import org.pouw.stark.air.vm.VmStatement;
import org.pouw.vm.Program;
import org.pouw.vm.ProgramCodec;

/**
 * The {@code vm-stark} work kind (issue 22): a program intent on a {@code zk_mode = "stark"} node. The worker proves
 * the whole run ({@code macro}) or one segment of it ({@code micro}) with the VM AIR (pouw-stark, 96-bit options); the node checks the proof in milliseconds instead of
 * re-executing. The node builds the statement from its own records — the job's params (its execution record), the
 * program it stored and hash-checks again here, the job id and the leaseholder — and never reads it from the proof;
 * proofs are bound to the job and the prover like the hash chain's.
 */
public final class VmStarkKind implements WorkKind, WorkProver {
    public static final String NAME = "vm-stark";

    /**
     * What a proof of {@code steps} steps of a program of {@code programSize} instructions costs, in the units the
     * intent's fee is split by: max(steps, P′), P′ the program table's period. A short run of a long program pays for
     * the table its proof must carry through the lookup, not only for its steps.
     */
    public static long workUnits(long steps, int programSize) {
        return Math.max(steps, ProgramTable.period(programSize));
    }

    /**
     * What proving {@code steps} steps of a program of {@code programSize} instructions asks of the prover's machine
     * (issue 27, item 3): the memory its trace surely holds ({@code VmStark.proverMemoryMiB}), refused at posting
     * over the node's cap naming {@code max_steps}, which the run's length follows from.
     */
    public static JobNeeds needs(long steps, int programSize) {
        return new JobNeeds(VmStark.proverMemoryMiB(steps, programSize, VmStark.OPTIONS_96), 0, "max_steps");
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String kind() {
        return NAME;
    }

    /** The program and the trace (or segment) the job proves; the trace follows from the program anyway. */
    @Override
    public List<String> proverInputs(String traceRef, String params) {
        try {
            return List.of(VmStarkParams.parse(params).programRef(), traceRef);
        } catch (WorkFailedException e) {
            return List.of();
        }
    }

    @Override
    public byte[] prove(WorkItem item, ProgressListener progress, ChallengeChannel verifier) {
        VmStarkParams params = VmStarkParams.parse(item.params());
        progress.progress("fetching program", 0);
        Program program = program(item, params);
        JobBinding binding;
        try {
            binding = binding(item);
        } catch (IllegalArgumentException e) {
            throw new WorkFailedException("vm-stark proof cannot be bound: " + e.getMessage());
        }
        try {
            return VmStark.proveSegment(program, params.statementFor(binding), VmStark.OPTIONS_96,
                    progress::progress);
        } catch (IllegalArgumentException e) {
            throw new WorkFailedException("the job's run cannot be proven: " + e.getMessage());
        }
    }

    @Override
    public Verdict verify(WorkItem item, byte[] proof) {
        VmStatement expected;
        Program program;
        try {
            VmStarkParams params = VmStarkParams.parse(item.params());
            expected = params.statementFor(binding(item));
            program = program(item, params);
        } catch (IllegalArgumentException | WorkFailedException e) {
            // The node's own records cannot name what the proof must prove; no proof can be accepted for it.
            return Verdict.reject(Verdict.Reason.WRONG_PARAMETERS, "expected statement: " + e.getMessage());
        }
        return StarkVerdicts.of(VmStark.verify(proof, program, expected));
    }

    /** The program stored under the params' ref, decoded and checked to hash to that ref (the blob is untrusted). */
    private static Program program(WorkItem item, VmStarkParams params) {
        Program program;
        try {
            program = ProgramCodec.decode(item.blobs().fetch(params.programRef()));
        } catch (IllegalArgumentException e) {
            throw new WorkFailedException("program " + params.programRef() + " does not decode: " + e.getMessage());
        }
        if (!program.hashHex().equals(params.programRef())) {
            throw new WorkFailedException("program blob " + params.programRef() + " hashes to " + program.hashHex());
        }
        return program;
    }

    /** The job id and prover the item is for; an item without a prover cannot be bound. */
    private static JobBinding binding(WorkItem item) {
        String prover = item.prover().orElseThrow(() -> new IllegalArgumentException(
                "prover is missing: vm-stark proofs are bound to the DID holding the job's lease")).text();
        return JobBinding.of(item.jobId(), prover);
    }
}
