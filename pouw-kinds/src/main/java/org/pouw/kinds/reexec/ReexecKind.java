package org.pouw.kinds.reexec;

import java.util.Arrays;
import java.util.List;
import org.pouw.core.work.ChallengeChannel;
import org.pouw.core.work.ProgressListener;
import org.pouw.core.work.Verdict;
import org.pouw.core.work.WorkFailedException;
import org.pouw.core.work.WorkItem;
import org.pouw.core.work.WorkKind;
import org.pouw.core.work.WorkProver;
import org.pouw.crypto.Hex;
import org.pouw.vm.ExecutionResult;
import org.pouw.vm.Interpreter;
import org.pouw.vm.Program;
import org.pouw.vm.ProgramCodec;

/**
 * The {@code reexec} work kind (ARCHITECTURE.md §2): the worker re-executes a trace segment and reports its end state
 * and trace hash; the node re-executes the same segment and accepts only an exact match with both the proof and the
 * job's {@code trace_hash}. Honest, not succinct: verifying costs as much as proving.
 */
public final class ReexecKind implements WorkKind, WorkProver {
    public static final String NAME = "reexec";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String kind() {
        return NAME;
    }

    /** The program and the trace (or segment) the job re-executes; the trace follows from the program anyway. */
    @Override
    public List<String> proverInputs(String traceRef, String params) {
        try {
            return List.of(ReexecParams.parse(params).programRef(), traceRef);
        } catch (WorkFailedException e) {
            return List.of();
        }
    }

    @Override
    public byte[] prove(WorkItem item, ProgressListener progress, ChallengeChannel verifier) {
        ReexecParams params = ReexecParams.parse(item.params());
        progress.progress("fetching program", 0);
        Program program = program(item, params);
        progress.progress("re-executing", 0);
        ExecutionResult result = Interpreter.runFrom(program, params.start(), params.steps());
        progress.progress("re-executing", 1);
        return new ReexecProof(result.steps(), result.finalState(), result.trace().hash()).encode();
    }

    @Override
    public Verdict verify(WorkItem item, byte[] proofBytes) {
        ReexecProof proof;
        try {
            proof = ReexecProof.decode(proofBytes);
        } catch (IllegalArgumentException e) {
            return Verdict.reject(Verdict.Reason.MALFORMED, e.getMessage());
        }
        ReexecParams params = ReexecParams.parse(item.params());
        ExecutionResult result = Interpreter.runFrom(program(item, params), params.start(), params.steps());
        byte[] expectedHash = result.trace().hash();
        if (result.steps() != params.steps() || !Hex.encode(expectedHash).equals(item.traceHash())) {
            // The node's own re-execution disagrees with what it recorded: the job itself is broken.
            return Verdict.reject(Verdict.Reason.WRONG_PARAMETERS, "re-execution does not reproduce trace "
                    + item.traceHash());
        }
        if (proof.steps() != result.steps()) {
            return Verdict.reject(Verdict.Reason.MISMATCH, "claimed " + proof.steps() + " steps, re-execution took "
                    + result.steps());
        }
        if (!proof.end().equals(result.finalState())) {
            return Verdict.reject(Verdict.Reason.MISMATCH, "claimed end state differs from re-execution");
        }
        if (!Arrays.equals(proof.traceHash(), expectedHash)) {
            return Verdict.reject(Verdict.Reason.MISMATCH, "claimed trace hash differs from re-execution");
        }
        return Verdict.ok();
    }

    private static Program program(WorkItem item, ReexecParams params) {
        try {
            return ProgramCodec.decode(item.blobs().fetch(params.programRef()));
        } catch (IllegalArgumentException e) {
            throw new WorkFailedException("program " + params.programRef() + " does not decode: " + e.getMessage());
        }
    }
}
