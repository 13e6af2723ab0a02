package org.pouw.stark.air.vm;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.pouw.crypto.Goldilocks;
import org.pouw.stark.FixedBinding;
import org.pouw.stark.ProverProgress;
import org.pouw.stark.StarkVerdict;
import org.pouw.stark.proof.StarkProof;
import org.pouw.stark.prover.DishonestProver;
import org.pouw.stark.prover.StarkProver;
import org.pouw.vm.ExecutionResult;
import org.pouw.vm.Instruction;
import org.pouw.vm.Interpreter;
import org.pouw.vm.Program;
import org.pouw.vm.VmState;

/**
 * Random programs that always halt (issue 22 §4: the VM's own generator mostly makes runs that fault or run out of
 * steps, which are not provable): an outer countdown loop on r7 around a body of random instructions on r0 … r6
 * whose jumps only go forward. Every such run proves and verifies; and the structured-mutation harness changes one
 * constrained cell of its honest trace, proves the result without self-checks, and requires the verifier to refuse.
 */
class HaltingProgramProperties {
    /** li r7 c; body (m instructions, forward jumps only); addi r7 r7 −1; jz r7 end; jmp 1; end: halt. */
    @Provide
    Arbitrary<Program> haltingPrograms() {
        return Combinators.combine(Arbitraries.integers().between(1, 4), Arbitraries.integers().between(1, 12),
                Arbitraries.longs()).as(HaltingProgramProperties::program);
    }

    static Program program(int rounds, int bodySize, long seed) {
        java.util.Random random = new java.util.Random(seed);
        List<Instruction> code = new ArrayList<>();
        code.add(Instruction.li(7, rounds));
        int loopEnd = 1 + bodySize; // the addi that closes the loop
        for (int i = 1; i <= bodySize; i++) {
            int d = random.nextInt(7);
            int a = random.nextInt(8);
            int b = random.nextInt(8);
            long imm = random.nextInt(4) == 0 ? 0 : Goldilocks.reduce(random.nextLong());
            int forward = i + 1 + random.nextInt(loopEnd - i);
            code.add(switch (random.nextInt(12)) {
                case 0 -> Instruction.add(d, a, b);
                case 1 -> Instruction.sub(d, a, b);
                case 2 -> Instruction.mul(d, a, b);
                case 3 -> Instruction.addi(d, a, imm);
                case 4 -> Instruction.muli(d, a, imm);
                case 5 -> Instruction.li(d, imm);
                case 6 -> Instruction.mov(d, a);
                case 7 -> Instruction.inv(d, a);
                case 8 -> Instruction.eqz(d, a);
                case 9 -> Instruction.jz(a, forward);
                case 10 -> Instruction.jmp(forward);
                default -> Instruction.eqz(d, random.nextInt(7));
            });
        }
        code.add(Instruction.addi(7, 7, Goldilocks.P - 1));
        code.add(Instruction.jz(7, loopEnd + 3));
        code.add(Instruction.jmp(1));
        code.add(Instruction.halt());
        return Program.of(code);
    }

    @Provide
    Arbitrary<long[]> inputs() {
        return Arbitraries.longs().map(Goldilocks::reduce).array(long[].class).ofMinSize(0).ofMaxSize(7)
                .map(values -> {
                    for (int i = 0; i < values.length; i++) {
                        if (i % 3 == 0) {
                            values[i] = i; // some zeros and small values, so jz and inv see 0
                        }
                    }
                    return values;
                });
    }

    @Property(tries = 8)
    void everyGeneratedProgramHaltsAndItsRunProvesAndVerifies(@ForAll("haltingPrograms") Program program,
            @ForAll("inputs") long[] inputs) {
        ExecutionResult run = Interpreter.run(program, inputs, 10_000);
        assertThat(run.halted()).isTrue();
        VmStatement statement = new VmStatement(program.hash(), VmState.initial(inputs).registers(), run.steps(),
                run.finalState(), FixedBinding.BINDING);
        StarkProof proof = StarkProver.prove(new VmAir(program, statement), VmTraceBuilder.build(program, run),
                Forgery.OPTIONS, ProverProgress.NONE);
        assertThat(Forgery.verify(proof, program, statement).valid()).isTrue();
    }

    /**
     * One cell of an honest trace changed by a nonzero amount, on a row the transitions constrain, skipping the
     * cells no rule reads: w where va = 0 (the gadget accepts any witness there) and imm on pad rows.
     */
    @Property(tries = 8)
    void oneChangedCellIsRefused(@ForAll("haltingPrograms") Program program, @ForAll("inputs") long[] inputs,
            @ForAll @IntRange(min = 0, max = 1 << 20) int where, @ForAll @IntRange(min = 1, max = 1000) int delta) {
        ExecutionResult run = Interpreter.run(program, inputs, 10_000);
        VmStatement statement = new VmStatement(program.hash(), VmState.initial(inputs).registers(), run.steps(),
                run.finalState(), FixedBinding.BINDING);
        long[][] trace = VmTraceBuilder.build(program, run);
        int n = trace[0].length;
        int row = where % (n - 1);
        int column = (where / (n - 1)) % VmColumns.WIDTH;
        boolean free = (column == VmColumns.W && trace[VmColumns.VA][row] == 0)
                || (column == VmColumns.IMM && trace[VmColumns.PAD][row] == 1);
        if (free) {
            column = VmColumns.PC;
        }
        trace[column][row] = Goldilocks.add(trace[column][row], delta);
        StarkVerdict verdict = Forgery.verify(DishonestProver.prove(new VmAir(program, statement), trace,
                Forgery.OPTIONS), program, statement);
        assertThat(verdict.valid()).as("cell (%d, %d) changed by %d", row, column, delta).isFalse();
    }
}
