package org.pouw.stark;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.pouw.stark.air.hashchain.JobBinding;
import org.pouw.stark.air.vm.BatchProgramTable;
import org.pouw.stark.air.vm.VmBatchAir;
import org.pouw.stark.air.vm.VmBatchStatement;
import org.pouw.stark.air.vm.VmBatchTraceBuilder;
import org.pouw.stark.proof.ProofFormatException;
import org.pouw.stark.proof.ProofOptions;
import org.pouw.stark.proof.SecurityEstimate;
import org.pouw.stark.proof.StarkProof;
import org.pouw.stark.proof.StarkProofCodec;
import org.pouw.stark.prover.StarkProver;
import org.pouw.stark.verifier.ProofVerifier;
import org.pouw.vm.ExecutionResult;
import org.pouw.vm.Interpreter;
import org.pouw.vm.Outcome;
import org.pouw.vm.Program;
import org.pouw.vm.VmState;

/**
 * Proves and verifies a batch of VM runs in one proof (the {@code full} tier, issue 22 §3) with the
 * {@link VmBatchAir}: every intent of the list halts after exactly its stated steps in its stated end state, for
 * one job and one prover. Validity proofs, not zero-knowledge.
 */
public final class VmBatchStark {
    private VmBatchStark() {
    }

    /** One intent to batch: its program and inputs. */
    public record Run(Program program, long[] inputs) {
    }

    /**
     * Runs each intent and proves them together.
     *
     * @param maxSteps each intent's step bound
     * @throws IllegalArgumentException naming the intent when a run does not halt, or when the batch is too large
     */
    public static byte[] prove(List<Run> runs, long maxSteps, JobBinding binding, ProofOptions options,
                               ProverProgress progress) {
        List<Program> programs = new ArrayList<>();
        List<ExecutionResult> results = new ArrayList<>();
        List<VmBatchStatement.Intent> intents = new ArrayList<>();
        for (int i = 0; i < runs.size(); i++) {
            Run run = runs.get(i);
            ExecutionResult result = Interpreter.run(run.program(), run.inputs(), maxSteps);
            if (result.outcome() != Outcome.HALTED) {
                throw new IllegalArgumentException("intent " + i + " ended with " + result.outcome()
                        + "; only halted runs can be proven");
            }
            programs.add(run.program());
            results.add(result);
            intents.add(new VmBatchStatement.Intent(run.program().hash(),
                    VmState.initial(run.inputs()).registers(), result.steps(), result.finalState()));
        }
        VmBatchAir air = new VmBatchAir(programs, new VmBatchStatement(intents, binding));
        long[][] trace = VmBatchTraceBuilder.build(programs, results, air.table(), air.traceInfo().length());
        return StarkProofCodec.encode(StarkProver.prove(air, trace, options, progress));
    }

    /**
     * Verifies a batch proof of exactly {@code expected}, with {@code programs} the programs of its intents in order,
     * which the caller fetched and hash-checked; neither the list nor the programs are ever taken from the proof.
     */
    public static StarkVerdict verify(byte[] proofBytes, List<Program> programs, VmBatchStatement expected) {
        try {
            if (programs.size() != expected.intents().size()) {
                return StarkVerdict.invalid(StarkVerdict.Reason.STATEMENT_MISMATCH, programs.size()
                        + " programs given for " + expected.intents().size() + " intents");
            }
            StarkProof proof;
            try {
                proof = StarkProofCodec.decode(proofBytes);
            } catch (ProofFormatException e) {
                return StarkVerdict.undecodable(e);
            }
            if (proof.airId() != VmBatchAir.AIR_ID) {
                return StarkVerdict.invalid(StarkVerdict.Reason.SHAPE_MISMATCH, "proof is for AIR " + proof.airId()
                        + ", not a VM batch");
            }
            if (!Arrays.equals(proof.publicInputs(), expected.encode())) {
                return StarkVerdict.invalid(StarkVerdict.Reason.STATEMENT_MISMATCH, "the proof is not of this "
                        + "batch (" + expected + "): its intent list digest, count, job or prover differ");
            }
            VmBatchAir air;
            try {
                air = new VmBatchAir(programs, expected);
            } catch (IllegalArgumentException e) {
                return StarkVerdict.invalid(StarkVerdict.Reason.STATEMENT_MISMATCH, e.getMessage());
            }
            return ProofVerifier.verify(air, proof, SecurityEstimate.MINIMUM_BITS, expected);
        } catch (RuntimeException e) {
            // Never expected (the fuzz tests look for it); refusing is the safe answer for a verifier.
            return StarkVerdict.invalid(StarkVerdict.Reason.INTERNAL_ERROR, e.toString());
        }
    }

    /**
     * Verifies a batch proof for the intent list {@code intents} (with {@code programs}, the caller's, in the same
     * order) and for whichever job and prover the proof names — for anyone holding the list (a {@code vm-batch}
     * job's params) and the programs but not the node's lease records: the verdict's statement carries the binding
     * for the reader to compare with the job they know. The list and the programs are never taken from the proof.
     */
    public static StarkVerdict verifyClaimed(byte[] proofBytes, List<Program> programs,
                                             List<VmBatchStatement.Intent> intents) {
        StarkProof proof;
        try {
            proof = StarkProofCodec.decode(proofBytes);
        } catch (ProofFormatException e) {
            return StarkVerdict.undecodable(e);
        }
        if (proof.airId() != VmBatchAir.AIR_ID) {
            return StarkVerdict.invalid(StarkVerdict.Reason.SHAPE_MISMATCH, "proof is for AIR " + proof.airId()
                    + ", not a VM batch");
        }
        byte[] inputs = proof.publicInputs();
        if (inputs.length != VmBatchStatement.ENCODED_LENGTH) {
            return StarkVerdict.invalid(StarkVerdict.Reason.BAD_PUBLIC_INPUTS, "VM batch public inputs must be "
                    + VmBatchStatement.ENCODED_LENGTH + " bytes, got " + inputs.length);
        }
        int bindingAt = VmBatchStatement.ENCODED_LENGTH - JobBinding.JOB_ID_LENGTH - JobBinding.PROVER_HASH_LENGTH;
        JobBinding claimed = new JobBinding(Arrays.copyOfRange(inputs, bindingAt, bindingAt + JobBinding.JOB_ID_LENGTH),
                Arrays.copyOfRange(inputs, bindingAt + JobBinding.JOB_ID_LENGTH, inputs.length));
        VmBatchStatement expected;
        try {
            expected = new VmBatchStatement(intents, claimed);
        } catch (IllegalArgumentException e) {
            return StarkVerdict.invalid(StarkVerdict.Reason.STATEMENT_MISMATCH, e.getMessage());
        }
        return verify(proofBytes, programs, expected);
    }

    /** The total table size a batch of these programs needs, checked before running anything. */
    public static int tablePeriod(List<Program> programs) {
        return BatchProgramTable.of(programs).period();
    }
}
