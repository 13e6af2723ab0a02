package org.pouw.stark.air.vm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.pouw.crypto.Goldilocks;
import org.pouw.stark.FixedBinding;
import org.pouw.stark.ProverProgress;
import org.pouw.stark.StarkVerdict;
import org.pouw.stark.VmBatchStark;
import org.pouw.stark.air.hashchain.JobBinding;
import org.pouw.stark.field.Ext;
import org.pouw.stark.field.ExtensionField;
import org.pouw.stark.proof.StarkProof;
import org.pouw.stark.proof.StarkProofCodec;
import org.pouw.stark.prover.DishonestProver;
import org.pouw.stark.prover.StarkProver;
import org.pouw.stark.verifier.ProofVerifier;
import org.pouw.vm.Assembler;
import org.pouw.vm.ExecutionResult;
import org.pouw.vm.Instruction;
import org.pouw.vm.Interpreter;
import org.pouw.vm.Program;
import org.pouw.vm.Samples;
import org.pouw.vm.VmState;

/**
 * Batches (the {@code full} tier, issue 22 §3): honest batches prove and verify; a verifier's list that differs from
 * the proven one in order, length, one intent or the job is refused by the digest; and forged batch traces proven
 * with honest Fiat–Shamir (no self-checks) — swapped tags, an intent dropped, an intent duplicated, a run of another
 * program under an intent's tag, a reset before the halt — are refused, each shown to verify once the rule that
 * refuses it is removed ({@link WeakenedBatchAir}).
 */
class VmBatchTest {
    private static final long MAX_STEPS = 10_000;
    private static final Program FIBONACCI = Samples.program("fibonacci");
    private static final Program POWER = Samples.program("power");
    /** The Fibonacci sample with F(1) = 2: one immediate apart, so the same shape and length. */
    private static final Program SKEWED = Assembler.assemble(Samples.source("fibonacci").replace("li r2 1", "li r2 2"));

    private static VmBatchStark.Run run(Program program, long... inputs) {
        return new VmBatchStark.Run(program, inputs);
    }

    private static VmBatchStatement.Intent intent(Program program, long... inputs) {
        ExecutionResult result = Interpreter.run(program, inputs, MAX_STEPS);
        return new VmBatchStatement.Intent(program.hash(), VmState.initial(inputs).registers(), result.steps(),
                result.finalState());
    }

    /** An intent of {@code named} that claims what {@code ran} computes from the inputs. */
    private static VmBatchStatement.Intent claimed(Program named, Program ran, long... inputs) {
        ExecutionResult result = Interpreter.run(ran, inputs, MAX_STEPS);
        return new VmBatchStatement.Intent(named.hash(), VmState.initial(inputs).registers(), result.steps(),
                result.finalState());
    }

    private static VmBatchStatement statement(VmBatchStatement.Intent... intents) {
        return new VmBatchStatement(List.of(intents), FixedBinding.BINDING);
    }

    private static long[][] trace(List<Program> programs, List<Program> ran, List<long[]> inputs,
                                  VmBatchAir air) {
        List<ExecutionResult> runs = new ArrayList<>();
        for (int i = 0; i < ran.size(); i++) {
            runs.add(Interpreter.run(ran.get(i), inputs.get(i), MAX_STEPS));
        }
        return VmBatchTraceBuilder.build(ran, runs, BatchProgramTable.of(programs), air.traceInfo().length());
    }

    @Test
    void anHonestBatchOfSeveralProgramsVerifiesThroughTheBytes() {
        List<VmBatchStark.Run> runs = List.of(run(FIBONACCI, 7), run(POWER, 3, 5), run(FIBONACCI, 4));
        byte[] proof = VmBatchStark.prove(runs, MAX_STEPS, FixedBinding.BINDING, Forgery.OPTIONS,
                ProverProgress.NONE);
        VmBatchStatement expected = statement(intent(FIBONACCI, 7), intent(POWER, 3, 5), intent(FIBONACCI, 4));
        StarkVerdict verdict = VmBatchStark.verify(proof, List.of(FIBONACCI, POWER, FIBONACCI), expected);
        assertThat(verdict.valid()).as(verdict.toString()).isTrue();
        assertThat(verdict.statement()).contains(expected);

        byte[] single = VmBatchStark.prove(List.of(run(POWER, 2, 10)), MAX_STEPS, FixedBinding.BINDING,
                Forgery.OPTIONS, ProverProgress.NONE);
        assertThat(VmBatchStark.verify(single, List.of(POWER), statement(intent(POWER, 2, 10))).valid()).isTrue();
    }

    /** The verifier's own list decides: reordered, shortened, lengthened, one end changed or another job — refused. */
    @Test
    void aListOtherThanTheProvenOneIsRefusedByTheDigest() {
        byte[] proof = VmBatchStark.prove(List.of(run(FIBONACCI, 7), run(FIBONACCI, 4)), MAX_STEPS,
                FixedBinding.BINDING, Forgery.OPTIONS, ProverProgress.NONE);
        VmBatchStatement.Intent a = intent(FIBONACCI, 7);
        VmBatchStatement.Intent b = intent(FIBONACCI, 4);
        assertThat(VmBatchStark.verify(proof, List.of(FIBONACCI, FIBONACCI), statement(a, b)).valid()).isTrue();
        VmBatchStatement.Intent wrongEnd = new VmBatchStatement.Intent(b.programHash(), b.startRegisters(),
                b.steps(), new VmState(b.end().pc(), new long[] {0, 4, 5, 5, 0, 0, 0, 0}));
        List<VmBatchStatement> others = List.of(statement(b, a), statement(a), statement(a, b, b),
                statement(a, wrongEnd),
                new VmBatchStatement(List.of(a, b), JobBinding.of("ffeeddccbbaa99887766554433221100",
                        FixedBinding.PROVER)));
        for (VmBatchStatement other : others) {
            List<Program> programs = other.intents().stream().map(i -> FIBONACCI).toList();
            StarkVerdict verdict = VmBatchStark.verify(proof, programs, other);
            assertThat(verdict.reason()).as(other.toString()).isEqualTo(StarkVerdict.Reason.STATEMENT_MISMATCH);
        }
        // the programs handed in must be the ones the intents name
        assertThat(VmBatchStark.verify(proof, List.of(FIBONACCI, POWER), statement(a, b)).reason())
                .isEqualTo(StarkVerdict.Reason.STATEMENT_MISMATCH);
        assertThat(VmBatchStark.verify(proof, List.of(FIBONACCI), statement(a, b)).reason())
                .isEqualTo(StarkVerdict.Reason.STATEMENT_MISMATCH);
    }

    /**
     * Swapped tags: the list says A then B (one program, two inputs), the trace runs B then A. Only the bus ties
     * each run to its intent (the lookup is satisfied either way): refused, and verifies once the bus's final value
     * is no longer checked.
     */
    @Test
    void swappedIntentsAreRefusedByTheBusAlone() {
        List<Program> programs = List.of(FIBONACCI, FIBONACCI);
        VmBatchStatement claimed = statement(intent(FIBONACCI, 7), intent(FIBONACCI, 6));
        VmBatchAir real = new VmBatchAir(programs, claimed);
        long[][] forged = trace(programs, programs, List.of(new long[] {6}, new long[] {7}), real);
        refusedOnlyBy(WeakenedBatchAir.withoutBusEnd(programs, claimed), programs, claimed, forged);
    }

    /** Duplicated: the list says A then B, the trace runs A twice (B's result claimed without computing it). */
    @Test
    void aDuplicatedIntentIsRefusedByTheBusAlone() {
        List<Program> programs = List.of(FIBONACCI, FIBONACCI);
        VmBatchStatement claimed = statement(intent(FIBONACCI, 7), claimed(FIBONACCI, FIBONACCI, 7));
        // B is "fibonacci from 9" claiming fibonacci(7)'s steps and end: the trace is A's run twice
        VmBatchStatement.Intent b = new VmBatchStatement.Intent(FIBONACCI.hash(), new long[] {9, 0, 0, 0, 0, 0, 0, 0},
                claimed.intents().get(1).steps(), claimed.intents().get(1).end());
        VmBatchStatement list = statement(claimed.intents().get(0), b);
        VmBatchAir real = new VmBatchAir(programs, list);
        long[][] forged = trace(programs, programs, List.of(new long[] {7}, new long[] {7}), real);
        refusedOnlyBy(WeakenedBatchAir.withoutBusEnd(programs, list), programs, list, forged);
    }

    /**
     * Dropped: the list says A then B, the trace runs A only. Refused by the last row's tag (the count) and by the
     * bus; it verifies only once both are removed.
     */
    @Test
    void aDroppedIntentIsRefusedByTheCountAndTheBus() {
        List<Program> programs = List.of(FIBONACCI, FIBONACCI);
        VmBatchStatement list = statement(intent(FIBONACCI, 7), intent(FIBONACCI, 1));
        VmBatchAir real = new VmBatchAir(programs, list);
        long[][] forged = trace(programs, List.of(FIBONACCI), List.<long[]>of(new long[] {7}), real);
        refusedOnlyBy(WeakenedBatchAir.withoutBusEndAndCount(programs, list), programs, list, forged);
        // the count alone is not enough to remove: the bus still misses B's start and end
        WeakenedBatchAir busOnly = WeakenedBatchAir.withoutBusEnd(programs, list);
        assertThatThrownBy(() -> StarkProver.prove(busOnly, Forgery.copy(forged), Forgery.OPTIONS,
                ProverProgress.NONE)).isInstanceOf(IllegalStateException.class);
    }

    /**
     * Another program under an intent's tag: the list says intent 0 runs A and claims what B (one immediate apart)
     * computes; the trace runs B under tag 0, its lookups pointed at B's slots (tag 1). The tag in the lookup tuple
     * refuses it; without the tag the row matches B's slot and the proof verifies.
     */
    @Test
    void aRunOfAnotherProgramUnderAnIntentsTagIsRefusedByTheTagInTheLookup() {
        List<Program> programs = List.of(FIBONACCI, SKEWED);
        VmBatchStatement list = statement(claimed(FIBONACCI, SKEWED, 7), intent(SKEWED, 5));
        VmBatchAir real = new VmBatchAir(programs, list);
        long[][] forged = trace(programs, List.of(SKEWED, SKEWED), List.of(new long[] {7}, new long[] {5}), real);
        // the forger points every lookup at SKEWED's slots, which follow FIBONACCI's in the table
        int n = forged[0].length;
        Arrays.fill(forged[VmColumns.MULT], 0);
        for (int row = 0; row < n; row++) {
            if (forged[VmColumns.PAD][row] == 0) {
                int slot = FIBONACCI.size() + (int) forged[VmColumns.PC][row];
                forged[VmColumns.MULT][slot]++;
            }
        }
        refusedOnlyBy(WeakenedBatchAir.withoutTagInLookup(programs, list), programs, list, forged);
    }

    /**
     * A reset before the halt: intent 0 is cut off mid-run and intent 1 starts. Refused (reset only after done,
     * done's booleanity, and the bus, which never gets intent 0's end without a halt); with the reset rule removed it
     * is still refused — the rule is defence in depth, the bus and done carry the argument (docs/stark.md).
     */
    @Test
    void aResetBeforeTheHaltIsRefused() {
        List<Program> programs = List.of(FIBONACCI, FIBONACCI);
        VmBatchStatement list = statement(intent(FIBONACCI, 7), intent(FIBONACCI, 3));
        VmBatchAir real = new VmBatchAir(programs, list);
        long[][] forged = trace(programs, programs, List.of(new long[] {7}, new long[] {3}), real);
        // reset on row 5 of intent 0 (an executing row) and start intent 1's tag from row 6 on
        forged[VmBatchAir.RST][5] = 1;
        for (int row = 6; row < forged[0].length; row++) {
            forged[VmBatchAir.TAG][row] = Math.min(1, forged[VmBatchAir.TAG][row] + 1);
        }
        forged[VmBatchAir.FIRST][6] = 1;
        assertThatThrownBy(() -> StarkProver.prove(real, Forgery.copy(forged), Forgery.OPTIONS, ProverProgress.NONE))
                .isInstanceOf(IllegalStateException.class);
        StarkProof dishonest = DishonestProver.prove(real, Forgery.copy(forged), Forgery.OPTIONS);
        assertThat(verify(dishonest, programs, list).valid()).isFalse();
    }

    @Test
    void baseAndExtensionEvaluationsAgreeAndNoConstraintIsAboveDegreeThree() {
        List<Program> programs = List.of(FIBONACCI, POWER);
        VmBatchAir air = new VmBatchAir(programs, statement(intent(FIBONACCI, 7), intent(POWER, 3, 5)));
        Random random = new Random(4);
        int count = VmAir.TRANSITIONS + VmBatchAir.Rule.values().length;
        assertThat(air.transitionDegrees()).hasSize(count).allSatisfy(d -> assertThat(d.base()).isLessThanOrEqualTo(3));
        for (int trial = 0; trial < 40; trial++) {
            long[] current = new long[VmBatchAir.WIDTH];
            long[] next = new long[VmBatchAir.WIDTH];
            for (int i = 0; i < current.length; i++) {
                current[i] = Goldilocks.reduce(random.nextLong());
                next[i] = Goldilocks.reduce(random.nextLong());
            }
            long[] base = new long[count];
            air.evaluateTransition(current, next, new long[4], base);
            Ext[] ext = new Ext[count];
            air.evaluateTransition(embed(current), embed(next), embed(new long[4]), ext);
            for (int i = 0; i < count; i++) {
                assertThat(ext[i].isBase()).isTrue();
                assertThat(ext[i].c0()).as("constraint %d", i).isEqualTo(base[i]);
            }
        }
    }

    private static Ext[] embed(long[] values) {
        Ext[] out = new Ext[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = ExtensionField.QUADRATIC.of(values[i]);
        }
        return out;
    }

    @Test
    void runsThatDoNotHaltOrBatchesAboveTheTableCapAreNotProvable() {
        assertThatThrownBy(() -> VmBatchStark.prove(List.of(run(FIBONACCI, 7), run(FIBONACCI, 500)), 100,
                FixedBinding.BINDING, Forgery.OPTIONS, ProverProgress.NONE)).hasMessageContaining("intent 1");
        List<Program> many = new ArrayList<>();
        Program big = Program.of(IntStream.range(0, 40_000)
                .mapToObj(i -> i == 39_999 ? Instruction.halt() : Instruction.addi(1, 1, 1))
                .toArray(Instruction[]::new));
        many.add(big);
        many.add(big);
        assertThatThrownBy(() -> BatchProgramTable.of(many)).hasMessageContaining("per batch");
    }

    private static StarkVerdict verify(StarkProof proof, List<Program> programs, VmBatchStatement statement) {
        return VmBatchStark.verify(StarkProofCodec.encode(proof), programs, statement);
    }

    private static void refusedOnlyBy(WeakenedBatchAir weakened, List<Program> programs, VmBatchStatement statement,
                                      long[][] forged) {
        VmBatchAir real = new VmBatchAir(programs, statement);
        assertThatThrownBy(() -> StarkProver.prove(real, Forgery.copy(forged), Forgery.OPTIONS, ProverProgress.NONE))
                .isInstanceOf(IllegalStateException.class);
        StarkProof dishonest = DishonestProver.prove(real, Forgery.copy(forged), Forgery.OPTIONS);
        assertThat(verify(dishonest, programs, statement).valid()).isFalse();
        StarkProof weakProof = StarkProver.prove(weakened, Forgery.copy(forged), Forgery.OPTIONS,
                ProverProgress.NONE);
        assertThat(ProofVerifier.verify(weakened, weakProof, 96, null).valid())
                .as("the forgery verifies once the rule is removed").isTrue();
        StarkVerdict verdict = verify(weakProof, programs, statement);
        assertThat(verdict.valid()).as("the real verifier refuses it: %s", verdict).isFalse();
    }
}
