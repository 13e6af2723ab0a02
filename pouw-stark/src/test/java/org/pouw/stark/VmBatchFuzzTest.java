package org.pouw.stark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.pouw.stark.air.vm.VmBatchStatement;
import org.pouw.vm.ExecutionResult;
import org.pouw.vm.Interpreter;
import org.pouw.vm.Program;
import org.pouw.vm.Samples;
import org.pouw.vm.VmState;

/**
 * Feeds {@link VmBatchStark#verify} random bytes, every kind of truncation and mutations of a real batch proof: it
 * must refuse each with a defined reason, never accept, never throw, never report an internal error, never hang.
 */
class VmBatchFuzzTest {
    private static final Program FIBONACCI = Samples.program("fibonacci");
    private static final Program POWER = Samples.program("power");
    private static final List<Program> PROGRAMS = List.of(FIBONACCI, POWER);
    private static final byte[] PROOF = VmBatchStark.prove(List.of(new VmBatchStark.Run(FIBONACCI, new long[] {6}),
            new VmBatchStark.Run(POWER, new long[] {2, 7})), 1000, FixedBinding.BINDING, VmStark.OPTIONS_96,
            ProverProgress.NONE);
    private static final VmBatchStatement STATEMENT = new VmBatchStatement(List.of(intent(FIBONACCI, 6),
            intent(POWER, 2, 7)), FixedBinding.BINDING);

    private static VmBatchStatement.Intent intent(Program program, long... inputs) {
        ExecutionResult run = Interpreter.run(program, inputs, 1000);
        return new VmBatchStatement.Intent(program.hash(), VmState.initial(inputs).registers(), run.steps(),
                run.finalState());
    }

    private static void assertRefused(byte[] bytes, String what) {
        StarkVerdict verdict = VmBatchStark.verify(bytes, PROGRAMS, STATEMENT);
        assertThat(verdict.valid()).as(what).isFalse();
        assertThat(verdict.reason()).as(what + ": " + verdict).isNotEqualTo(StarkVerdict.Reason.INTERNAL_ERROR);
    }

    @Test
    void theRealProofIsAcceptedAndEverythingElseRefused() {
        assertThat(VmBatchStark.verify(PROOF, PROGRAMS, STATEMENT).valid()).isTrue();
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            Random random = new Random(22);
            assertRefused(new byte[0], "empty");
            for (int trial = 0; trial < 150; trial++) {
                byte[] bytes = new byte[random.nextInt(3000)];
                random.nextBytes(bytes);
                if (trial % 2 == 0 && bytes.length >= 119) {
                    System.arraycopy(PROOF, 0, bytes, 0, 119); // the real header and statement
                }
                assertRefused(bytes, "random " + trial);
            }
            for (int length = 0; length < PROOF.length; length += length < 200 ? 1 : 401) {
                assertRefused(Arrays.copyOf(PROOF, length), "truncated to " + length);
            }
            assertRefused(Arrays.copyOf(PROOF, PROOF.length + 1), "one trailing byte");
            for (int trial = 0; trial < 200; trial++) {
                byte[] flipped = PROOF.clone();
                flipped[random.nextInt(flipped.length)] ^= (byte) (1 << random.nextInt(8));
                assertRefused(flipped, "bit flip " + trial);
                assertRefused(VerifierFuzzTest.mutate(PROOF, random), "mutation " + trial);
            }
        });
    }
}
