package org.pouw.vm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.pouw.crypto.Goldilocks;

class SamplesTest {
    @Test
    void everySampleAssemblesAndHalts() {
        for (String name : Samples.NAMES) {
            ExecutionResult result = Interpreter.run(Samples.program(name), new long[] {5, 3}, 1000);
            assertThat(result.outcome()).as(name).isEqualTo(Outcome.HALTED);
        }
    }

    @Test
    void fibonacciComputesF() {
        assertThat(Interpreter.run(Samples.program("fibonacci"), new long[] {10}, 1000).output()[1]).isEqualTo(55);
        assertThat(Interpreter.run(Samples.program("fibonacci"), new long[] {0}, 1000).output()[1]).isZero();
        // F(93) overflows a signed long but not the field: F(93) mod p.
        long f93 = new java.math.BigInteger("12200160415121876738")
                .mod(new java.math.BigInteger(Long.toUnsignedString(Goldilocks.P))).longValue();
        assertThat(Interpreter.run(Samples.program("fibonacci"), new long[] {93}, 1000).output()[1]).isEqualTo(f93);
    }

    @Test
    void powerComputesBaseToTheExponent() {
        assertThat(Interpreter.run(Samples.program("power"), new long[] {3, 5}, 1000).output()[2]).isEqualTo(243);
        assertThat(Interpreter.run(Samples.program("power"), new long[] {7, 0}, 1000).output()[2]).isEqualTo(1);
    }

    @Test
    void harmonicSumsInverses() {
        long[] output = Interpreter.run(Samples.program("harmonic"), new long[] {3}, 1000).output();
        long expected = Goldilocks.add(1, Goldilocks.add(Goldilocks.inverse(2), Goldilocks.inverse(3)));
        assertThat(output[1]).isEqualTo(expected);
        assertThat(output[7]).isZero();
    }

    @Test
    void unknownNamesAreRejected() {
        assertThatThrownBy(() -> Samples.source("nope")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown sample 'nope'");
    }
}
