package org.pouw.stark;

import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.pouw.crypto.Hex;
import org.pouw.stark.air.hashchain.JobBinding;
import org.pouw.stark.air.vm.ProgramTable;
import org.pouw.stark.air.vm.ProgramTableCache;
import org.pouw.stark.air.vm.VmAir;
import org.pouw.stark.air.vm.VmColumns;
import org.pouw.stark.air.vm.VmStatement;
import org.pouw.stark.air.vm.VmTraceBuilder;
import org.pouw.stark.proof.ProofFormatException;
import org.pouw.stark.proof.ProofOptions;
import org.pouw.stark.proof.SecurityEstimate;
import org.pouw.stark.proof.StarkProof;
import org.pouw.stark.proof.StarkProofCodec;
import org.pouw.stark.prover.ProverMemory;
import org.pouw.stark.prover.StarkProver;
import org.pouw.stark.verifier.ProofVerifier;
import org.pouw.vm.ExecutionResult;
import org.pouw.vm.Interpreter;
import org.pouw.vm.Outcome;
import org.pouw.vm.Program;
import org.pouw.vm.VmState;

/**
 * Proves and verifies runs of the VM (ARCHITECTURE.md §7) with the {@link VmAir}: a validity proof that the program
 * halts after exactly the stated number of steps in the stated end state, bound to one job and one prover. Not
 * zero-knowledge: the statement (inputs and outputs) is public.
 */
public final class VmStark {
    /** 96 conjectured bits with the hash chain's parameters (the VM AIR's constraint blowup is 2). */
    public static final ProofOptions OPTIONS_96 = HashChainStark.OPTIONS_96;
    public static final ProofOptions OPTIONS_128 = HashChainStark.OPTIONS_128;

    private VmStark() {
    }

    /**
     * The least memory, in MiB, proving {@code steps} steps of a program of {@code programSize} instructions under
     * {@code options} needs (issue 27): a segment of 2^j − 1 steps or a halting run have the same trace length.
     */
    public static long proverMemoryMiB(long steps, int programSize, ProofOptions options) {
        return ProverMemory.leastMiB(VmColumns.WIDTH, 1, VmAir.traceLength(steps, ProgramTable.period(programSize)),
                options);
    }

    /**
     * Runs {@code program} on {@code inputs} and proves the run.
     *
     * @param maxSteps the intent's step bound
     * @throws IllegalArgumentException naming the outcome when the run does not halt within {@code maxSteps}, or the
     *                                  program when it is too large for stark mode
     */
    public static byte[] prove(Program program, long[] inputs, long maxSteps, JobBinding binding,
                               ProofOptions options, ProverProgress progress) {
        ProgramTableCache.shared().table(program); // refuses a program above the stark-mode cap before running it
        ExecutionResult run = Interpreter.run(program, inputs, Math.min(maxSteps, VmStatement.MAX_STEPS));
        if (run.outcome() != Outcome.HALTED) {
            throw new IllegalArgumentException("only a halted run can be proven; this one ended with "
                    + run.outcome());
        }
        VmStatement statement = new VmStatement(program.hash(), VmState.initial(inputs).registers(), run.steps(),
                run.finalState(), binding);
        long[][] trace = VmTraceBuilder.build(program, run);
        return StarkProofCodec.encode(StarkProver.prove(new VmAir(program, statement), trace, options, progress));
    }

    /**
     * Proves one segment of a run (issue 22 §2) as {@code statement} describes it: the prover re-executes
     * {@code statement.steps()} steps from its start state and refuses to prove anything else. A non-final segment
     * has 2^j − 1 steps and no halt; the final one ends on the run's first halt.
     *
     * @throws IllegalArgumentException naming what differs when the program does not run as the statement says
     */
    public static byte[] proveSegment(Program program, VmStatement statement, ProofOptions options,
                                      ProverProgress progress) {
        ExecutionResult run = Interpreter.runFrom(program, statement.start(), statement.steps());
        if (run.steps() != statement.steps() || !run.finalState().equals(statement.end())
                || run.halted() != statement.halts()) {
            throw new IllegalArgumentException("the program does not run as the segment statement says: "
                    + run.steps() + " steps, " + run.outcome() + ", ending in " + run.finalState());
        }
        long[][] trace = statement.halts() ? VmTraceBuilder.build(program, run)
                : VmTraceBuilder.buildSegment(program, run.trace());
        return StarkProofCodec.encode(StarkProver.prove(new VmAir(program, statement), trace, options, progress));
    }

    /**
     * Verifies a run proven in segments (issue 22 §2), one proof per segment in order, all bound to
     * {@code binding}: segment 0 starts at step 0 from pc 0 and the inputs; each starts where the previous one ended
     * (all nine cells) at the step after it; every segment but the last runs without a halt and the last ends on
     * the first halt in {@code end}; the steps add up to {@code steps} ≤ {@code maxSteps}; and each proof verifies
     * for its segment. The intermediate boundaries are read from the proofs and checked to chain; the ends of the
     * chain are the caller's.
     */
    public static StarkVerdict verifyIntent(Program program, long[] inputs, VmState end, long steps, long maxSteps,
                                            JobBinding binding, List<byte[]> proofs) {
        if (proofs.isEmpty()) {
            return StarkVerdict.invalid(StarkVerdict.Reason.STATEMENT_MISMATCH, "no segment proofs");
        }
        List<VmStatement> statements = new ArrayList<>();
        for (byte[] proofBytes : proofs) {
            try {
                statements.add(VmStatement.decode(StarkProofCodec.decode(proofBytes).publicInputs()));
            } catch (ProofFormatException e) {
                return StarkVerdict.undecodable(e);
            } catch (IllegalArgumentException e) {
                return StarkVerdict.invalid(StarkVerdict.Reason.BAD_PUBLIC_INPUTS, e.getMessage());
            }
        }
        VmState expectedStart;
        try {
            expectedStart = VmState.initial(inputs);
        } catch (IllegalArgumentException e) {
            return StarkVerdict.invalid(StarkVerdict.Reason.STATEMENT_MISMATCH, e.getMessage());
        }
        long nextStep = 0;
        for (int i = 0; i < statements.size(); i++) {
            VmStatement s = statements.get(i);
            boolean last = i == statements.size() - 1;
            String problem = null;
            if (s.firstStep() != nextStep) {
                problem = "starts at step " + s.firstStep() + ", expected " + nextStep;
            } else if (!s.start().equals(expectedStart)) {
                problem = "starts in " + s.start() + ", expected " + expectedStart;
            } else if (s.halts() != last) {
                problem = last ? "is the last but does not end on a halt" : "halts but is not the last";
            } else if (!binding.equals(s.binding())) {
                problem = "is bound to " + s.binding() + ", expected " + binding;
            } else if (last && !s.end().equals(end)) {
                problem = "ends in " + s.end() + ", expected " + end;
            }
            if (problem != null) {
                return StarkVerdict.invalid(StarkVerdict.Reason.STATEMENT_MISMATCH, "segment " + i + " " + problem);
            }
            nextStep += s.steps();
            expectedStart = s.end();
        }
        if (nextStep != steps || steps > maxSteps) {
            return StarkVerdict.invalid(StarkVerdict.Reason.STATEMENT_MISMATCH, "segments add up to " + nextStep
                    + " steps; expected " + steps + " within max_steps " + maxSteps);
        }
        for (int i = 0; i < proofs.size(); i++) {
            StarkVerdict verdict = verify(proofs.get(i), program, statements.get(i));
            if (!verdict.valid()) {
                return StarkVerdict.invalid(verdict.reason(), "segment " + i + ": " + verdict.detail());
            }
        }
        return StarkVerdict.valid(List.copyOf(statements));
    }

    /**
     * Verifies a proof of exactly {@code expected} for {@code program}, which the caller fetched and hash-checked; the
     * program is never taken from the proof. The AIR and its lookup table are built from the program and the
     * statement; the proof's public inputs are only compared with the statement.
     */
    public static StarkVerdict verify(byte[] proofBytes, Program program, VmStatement expected) {
        try {
            if (!MessageDigest.isEqual(program.hash(), expected.programHash())) {
                return StarkVerdict.invalid(StarkVerdict.Reason.STATEMENT_MISMATCH,
                        "the program given is not the one the statement names");
            }
            if (program.size() > ProgramTable.MAX_INSTRUCTIONS) {
                return StarkVerdict.invalid(StarkVerdict.Reason.BAD_PUBLIC_INPUTS, "program has " + program.size()
                        + " instructions; stark mode proves at most " + ProgramTable.MAX_INSTRUCTIONS);
            }
            StarkProof proof;
            try {
                proof = StarkProofCodec.decode(proofBytes);
            } catch (ProofFormatException e) {
                return StarkVerdict.undecodable(e);
            }
            if (proof.airId() != VmAir.AIR_ID) {
                return StarkVerdict.invalid(StarkVerdict.Reason.SHAPE_MISMATCH, "proof is for AIR " + proof.airId()
                        + ", not the VM");
            }
            if (!Arrays.equals(proof.publicInputs(), expected.encode())) {
                return difference(proof.publicInputs(), expected);
            }
            VmAir air;
            try {
                air = new VmAir(program, expected);
            } catch (IllegalArgumentException e) {
                // a segment statement of a length no trace has (a non-final segment of other than 2^j − 1 steps)
                return StarkVerdict.invalid(StarkVerdict.Reason.BAD_PUBLIC_INPUTS, e.getMessage());
            }
            return ProofVerifier.verify(air, proof, SecurityEstimate.MINIMUM_BITS, expected);
        } catch (RuntimeException e) {
            // Never expected (the fuzz tests look for it); refusing is the safe answer for a verifier.
            return StarkVerdict.invalid(StarkVerdict.Reason.INTERNAL_ERROR, e.toString());
        }
    }

    /**
     * Verifies a proof offline for a reader with no records of their own (`pouw verify proof.bin --program FILE`):
     * the statement is the one the proof carries, which must name {@code program} by its hash, and a valid verdict
     * carries that {@link VmStatement} for the reader to compare with what they expected (inputs, steps, end state,
     * job, prover). A node never uses this: it builds the statement from its records and calls
     * {@link #verify(byte[], Program, VmStatement)}.
     */
    public static StarkVerdict verifyClaimed(byte[] proofBytes, Program program) {
        VmStatement claimed;
        try {
            StarkProof proof = StarkProofCodec.decode(proofBytes);
            if (proof.airId() != VmAir.AIR_ID) {
                return StarkVerdict.invalid(StarkVerdict.Reason.SHAPE_MISMATCH, "proof is for AIR " + proof.airId()
                        + ", not the VM");
            }
            claimed = VmStatement.decode(proof.publicInputs());
        } catch (ProofFormatException e) {
            return StarkVerdict.undecodable(e);
        } catch (IllegalArgumentException e) {
            return StarkVerdict.invalid(StarkVerdict.Reason.BAD_PUBLIC_INPUTS, e.getMessage());
        }
        if (!MessageDigest.isEqual(program.hash(), claimed.programHash())) {
            return StarkVerdict.invalid(StarkVerdict.Reason.STATEMENT_MISMATCH, "the proof is for program "
                    + Hex.encode(claimed.programHash()) + ", the program given hashes to "
                    + program.hashHex());
        }
        return verify(proofBytes, program, claimed);
    }

    /** Says which part of the statement differs; the proof is refused whatever this finds. */
    private static StarkVerdict difference(byte[] publicInputs, VmStatement expected) {
        VmStatement claimed;
        try {
            claimed = VmStatement.decode(publicInputs);
        } catch (IllegalArgumentException e) {
            return StarkVerdict.invalid(StarkVerdict.Reason.BAD_PUBLIC_INPUTS, e.getMessage());
        }
        String detail;
        if (!claimed.sameRun(expected)) {
            detail = "proof is for " + claimed + ", expected " + expected;
        } else if (!Arrays.equals(claimed.binding().jobId(), expected.binding().jobId())) {
            detail = "proof is bound to another job: " + claimed.binding() + ", expected " + expected.binding();
        } else {
            detail = "proof is bound to another prover than the leaseholder: " + claimed.binding() + ", expected "
                    + expected.binding();
        }
        return StarkVerdict.invalid(StarkVerdict.Reason.STATEMENT_MISMATCH, detail);
    }
}
