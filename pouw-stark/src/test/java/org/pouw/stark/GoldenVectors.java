package org.pouw.stark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.pouw.stark.air.fibonacci.FibonacciAir;
import org.pouw.stark.proof.ProofOptions;
import org.pouw.stark.proof.StarkProofCodec;
import org.pouw.stark.air.vm.VmStatement;
import org.pouw.stark.prover.StarkProver;
import org.pouw.vm.ExecutionResult;
import org.pouw.vm.Interpreter;
import org.pouw.vm.Program;
import org.pouw.vm.Samples;
import org.pouw.vm.VmState;

/**
 * The inputs of the committed golden proofs, and a main that (re)writes them. Regenerating them is a deliberate act:
 * {@link GoldenProofTest} pins each file's BLAKE3, so new bytes also need a new pinned hash and, if old bytes no
 * longer verify, a new format or protocol version.
 *
 * <p>Run from the repository root after building the module:
 * {@code java -cp "pouw-stark/target/classes:pouw-stark/target/test-classes:<deps>" org.pouw.stark.GoldenVectors
 * pouw-stark/src/test/resources/golden}
 *
 * <p>The hash-chain files end in the statement version they prove ({@code -v2}: bound to {@link FixedBinding}'s job
 * and prover); the proof format itself is unchanged. {@code vm-fibonacci-v1.bin} ends in its VM statement version.
 */
public final class GoldenVectors {
    static final long[] HASH_CHAIN_SEED = {1, 2, 3, 4};
    static final long HASH_CHAIN_STEPS = 8;
    static final int FIBONACCI_LENGTH = 64;
    static final ProofOptions FIBONACCI_OPTIONS = new ProofOptions(8, 27, 16, 2, 8);
    /**
     * The cubic golden proof's options, spelled out rather than taken from {@link HashChainStark#OPTIONS_128} (which
     * they equal today) so that the file keeps pinning the degree-3 format even if that option set is ever retuned.
     */
    static final ProofOptions HASH_CHAIN_CUBIC_OPTIONS = new ProofOptions(8, 38, 16, 4, 32, 3);

    /** The VM golden proof: the Fibonacci sample on input 5, for {@link FixedBinding}'s job and prover. */
    static final String VM_SAMPLE = "fibonacci";
    static final long[] VM_INPUTS = {5};
    static final long VM_MAX_STEPS = 1000;
    /** {@link VmStark#OPTIONS_96} spelled out, so retuning that constant cannot silently move the pinned proof. */
    static final ProofOptions VM_OPTIONS = new ProofOptions(8, 27, 16, 4, 32);

    private GoldenVectors() {
    }

    static Program vmProgram() {
        return Samples.program(VM_SAMPLE);
    }

    /** The statement the VM golden proof proves, built from a run of the interpreter (never from the proof). */
    static VmStatement vmStatement() {
        ExecutionResult run = Interpreter.run(vmProgram(), VM_INPUTS, VM_MAX_STEPS);
        return new VmStatement(vmProgram().hash(), VmState.initial(VM_INPUTS).registers(), run.steps(),
                run.finalState(), FixedBinding.BINDING);
    }

    static byte[] vmProof() {
        return VmStark.prove(vmProgram(), VM_INPUTS, VM_MAX_STEPS, FixedBinding.BINDING, VM_OPTIONS,
                ProverProgress.NONE);
    }

    static byte[] hashChainProof() {
        return HashChainStark.prove(FixedBinding.BINDING, HASH_CHAIN_SEED, HASH_CHAIN_STEPS, HashChainStark.OPTIONS_96,
                ProverProgress.NONE);
    }

    /** The same chain as {@link #hashChainProof()}, proven with challenges in F_p³ (128 conjectured bits). */
    static byte[] hashChainCubicProof() {
        return HashChainStark.prove(FixedBinding.BINDING,
                HASH_CHAIN_SEED, HASH_CHAIN_STEPS, HASH_CHAIN_CUBIC_OPTIONS, ProverProgress.NONE);
    }

    static byte[] fibonacciProof() {
        long[][] trace = FibonacciAir.trace(FIBONACCI_LENGTH);
        FibonacciAir air = new FibonacciAir(FIBONACCI_LENGTH, trace[1][FIBONACCI_LENGTH - 1]);
        return StarkProofCodec.encode(StarkProver.prove(air, trace, FIBONACCI_OPTIONS, ProverProgress.NONE));
    }

    public static void main(String[] args) throws IOException {
        Path directory = Path.of(args[0]);
        Files.createDirectories(directory);
        // hash-chain-v1.bin stays as it is: a proof of statement version 1, which must now be refused.
        Files.write(directory.resolve("hash-chain-v2.bin"), hashChainProof());
        Files.write(directory.resolve("fibonacci-v1.bin"), fibonacciProof());
        Files.write(directory.resolve("hash-chain-fp3-v2.bin"), hashChainCubicProof());
        Files.write(directory.resolve("vm-fibonacci-v1.bin"), vmProof());
    }
}
