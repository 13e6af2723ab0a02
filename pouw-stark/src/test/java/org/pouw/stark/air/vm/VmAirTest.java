package org.pouw.stark.air.vm;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.pouw.crypto.Goldilocks;
import org.pouw.stark.FixedBinding;
import org.pouw.stark.field.Ext;
import org.pouw.stark.field.ExtensionField;
import org.pouw.vm.ExecutionResult;
import org.pouw.vm.Interpreter;
import org.pouw.vm.Program;
import org.pouw.vm.Samples;
import org.pouw.vm.VmState;

/** The VM AIR's constraints on honest traces, and its two evaluations (base field, extension) against each other. */
class VmAirTest {
    @Test
    void everyConstraintVanishesOnAnHonestTraceOfEachSample() {
        for (String name : Samples.NAMES) {
            Program program = Samples.program(name);
            ExecutionResult run = Interpreter.run(program, new long[] {7, 3}, 10_000);
            long[][] trace = VmTraceBuilder.build(program, run);
            VmAir air = new VmAir(program, statement(program, new long[] {7, 3}, run));
            int n = trace[0].length;
            long[] current = new long[VmColumns.WIDTH];
            long[] next = new long[VmColumns.WIDTH];
            long[] result = new long[VmAir.TRANSITIONS];
            for (int row = 0; row < n - 1; row++) {
                for (int col = 0; col < VmColumns.WIDTH; col++) {
                    current[col] = trace[col][row];
                    next[col] = trace[col][row + 1];
                }
                air.evaluateTransition(current, next, new long[3], result);
                assertThat(result).as("%s row %d", name, row).containsOnly(0L);
            }
        }
    }

    @Test
    void baseAndExtensionEvaluationsAgreeAtRandomPoints() {
        Program program = Samples.program("fibonacci");
        ExecutionResult run = Interpreter.run(program, new long[] {5}, 1000);
        VmAir air = new VmAir(program, statement(program, new long[] {5}, run));
        Random random = new Random(7);
        for (int trial = 0; trial < 40; trial++) {
            long[] current = randomElements(random, VmColumns.WIDTH);
            long[] next = randomElements(random, VmColumns.WIDTH);
            long[] base = new long[VmAir.TRANSITIONS];
            air.evaluateTransition(current, next, new long[3], base);
            Ext[] ext = new Ext[VmAir.TRANSITIONS];
            air.evaluateTransition(embed(current), embed(next), embed(new long[3]), ext);
            for (int i = 0; i < base.length; i++) {
                assertThat(ext[i].isBase()).isTrue();
                assertThat(ext[i].c0()).as("constraint %d", i).isEqualTo(base[i]);
            }
        }
    }

    @Test
    void theDeclaredConstraintsAreTheOnesEvaluatedAndNoneAboveDegreeThree() {
        Program program = Samples.program("fibonacci");
        ExecutionResult run = Interpreter.run(program, new long[] {5}, 1000);
        VmAir air = new VmAir(program, statement(program, new long[] {5}, run));
        assertThat(air.transitionDegrees()).hasSize(VmAir.TRANSITIONS)
                .allSatisfy(d -> assertThat(d.base()).isLessThanOrEqualTo(3));
        assertThat(air.auxTransitionDegrees()).singleElement().satisfies(d -> assertThat(d.base()).isEqualTo(2));
        assertThat(air.compositionColumns()).isEqualTo(2);
        assertThat(VmStatement.ENCODED_LENGTH).isLessThanOrEqualTo(
                org.pouw.stark.proof.StarkProofCodec.MAX_PUBLIC_INPUT_LENGTH);
    }

    static VmStatement statement(Program program, long[] inputs, ExecutionResult run) {
        return new VmStatement(program.hash(), VmState.initial(inputs).registers(), run.steps(), run.finalState(),
                FixedBinding.BINDING);
    }

    private static long[] randomElements(Random random, int count) {
        long[] out = new long[count];
        for (int i = 0; i < count; i++) {
            out[i] = Goldilocks.reduce(random.nextLong());
        }
        return out;
    }

    private static Ext[] embed(long[] values) {
        Ext[] out = new Ext[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = ExtensionField.QUADRATIC.of(values[i]);
        }
        return out;
    }
}
