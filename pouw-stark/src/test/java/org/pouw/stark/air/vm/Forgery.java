package org.pouw.stark.air.vm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import org.pouw.stark.FixedBinding;
import org.pouw.stark.ProverProgress;
import org.pouw.stark.StarkVerdict;
import org.pouw.stark.VmStark;
import org.pouw.stark.proof.ProofOptions;
import org.pouw.stark.proof.StarkProof;
import org.pouw.stark.proof.StarkProofCodec;
import org.pouw.stark.prover.DishonestProver;
import org.pouw.stark.prover.StarkProver;
import org.pouw.stark.verifier.ProofVerifier;
import org.pouw.vm.ExecutionResult;
import org.pouw.vm.Opcode;
import org.pouw.vm.Outcome;
import org.pouw.vm.Program;
import org.pouw.vm.Trace;
import org.pouw.vm.VmState;

/** Builds forged VM traces and statements, and checks how the verifier treats proofs of them. */
final class Forgery {
    static final ProofOptions OPTIONS = VmStark.OPTIONS_96;

    private Forgery() {
    }

    static VmState state(int pc, long... registers) {
        return new VmState(pc, Arrays.copyOf(registers, VmState.REGISTERS));
    }

    /**
     * The trace the builder writes for these states as if {@code forgerProgram} had run them (each row decoded as
     * the forger's instruction at its pc, honestly computed), for the caller to patch.
     */
    static long[][] trace(Program forgerProgram, VmState... states) {
        Trace trace = Trace.of(forgerProgram.hash(), List.of(states));
        return VmTraceBuilder.build(forgerProgram, new ExecutionResult(Outcome.HALTED, trace));
    }

    /** A statement naming {@code program}, from the start registers of {@code start}, ending in {@code end}. */
    static VmStatement statement(Program program, VmState start, long steps, VmState end) {
        return new VmStatement(program.hash(), start.registers(), steps, end, FixedBinding.BINDING);
    }

    /** Clears every opcode selector (pad included) of a row and sets the given ones. */
    static void opcodes(long[][] trace, int row, Opcode... opcodes) {
        for (int s = VmColumns.OP; s < VmColumns.OP + VmColumns.OP_SELECTORS; s++) {
            trace[s][row] = 0;
        }
        for (Opcode opcode : opcodes) {
            trace[VmColumns.op(opcode)][row] = 1;
        }
    }

    /**
     * The forged trace violates the real AIR (its prover's self-checks say so), a proof of it made without the
     * self-checks is refused, and the weakened AIR — the real one less one rule — proves and verifies it: that rule
     * alone is what refuses it.
     */
    static void refusedOnlyBy(WeakenedVmAir weakened, Program program, VmStatement statement, long[][] forged) {
        VmAir real = new VmAir(program, statement);
        assertThat(forged[0]).as("trace length").hasSize(real.traceInfo().length());
        assertThatThrownBy(() -> StarkProver.prove(real, copy(forged), OPTIONS, ProverProgress.NONE))
                .isInstanceOf(IllegalStateException.class);
        StarkProof dishonest = DishonestProver.prove(real, copy(forged), OPTIONS);
        assertThat(verify(dishonest, program, statement).valid()).isFalse();

        StarkProof weakProof = StarkProver.prove(weakened, copy(forged), OPTIONS, ProverProgress.NONE);
        assertThat(ProofVerifier.verify(weakened, weakProof, 96, null).valid())
                .as("the forgery verifies once the rule is removed").isTrue();
        StarkVerdict verdict = verify(weakProof, program, statement);
        assertThat(verdict.valid()).as("the real verifier refuses it: %s", verdict).isFalse();
    }

    /** A forged trace that breaks the lookup only: proven with honest Fiat–Shamir and no self-checks, refused. */
    static StarkVerdict refusedWithHonestFiatShamir(Program program, VmStatement statement, long[][] forged) {
        VmAir real = new VmAir(program, statement);
        assertThat(forged[0]).as("trace length").hasSize(real.traceInfo().length());
        assertThatThrownBy(() -> StarkProver.prove(real, copy(forged), OPTIONS, ProverProgress.NONE))
                .isInstanceOf(IllegalStateException.class);
        StarkVerdict verdict = verify(DishonestProver.prove(real, copy(forged), OPTIONS), program, statement);
        assertThat(verdict.valid()).isFalse();
        return verdict;
    }

    static StarkVerdict verify(StarkProof proof, Program program, VmStatement statement) {
        return VmStark.verify(StarkProofCodec.encode(proof), program, statement);
    }

    static long[][] copy(long[][] trace) {
        long[][] out = new long[trace.length][];
        for (int c = 0; c < trace.length; c++) {
            out[c] = trace[c].clone();
        }
        return out;
    }
}
