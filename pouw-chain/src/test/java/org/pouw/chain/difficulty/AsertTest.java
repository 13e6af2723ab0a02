package org.pouw.chain.difficulty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class AsertTest {
    /** Bitcoin Cash's constants, under which the specification's vectors were published. */
    private static final Asert BITCOIN_CASH = Asert.forSpacing(600, 172_800, 0x1d00ffff);

    static Stream<String> publishedRuns() {
        return IntStream.rangeClosed(1, 12).mapToObj(i -> String.format("/asert/published/run%02d", i));
    }

    static Stream<String> chainRuns() {
        return IntStream.rangeClosed(1, 6).mapToObj(i -> String.format("/asert/chain/chain%02d", i));
    }

    @ParameterizedTest
    @MethodSource("publishedRuns")
    void passesThePublishedAserti32dVectors(String resource) {
        AsertVectors run = AsertVectors.load(resource);
        assertRun(run, BITCOIN_CASH);
        // Heights are signed 64-bit here: run 10 crosses 2^63 − 1, and its five rows above it are out of our domain.
        assertThat(run.rowsOutOfRange()).isEqualTo(resource.endsWith("run10") ? 5 : 0);
    }

    /** Vectors for this chain's spacing and half-life, made by an independent implementation (generate.py). */
    @ParameterizedTest
    @MethodSource("chainRuns")
    void passesThisChainsVectors(String resource) {
        AsertVectors run = AsertVectors.load(resource);
        Asert rule = Asert.forSpacing(Long.parseLong(run.header().get("spacing")),
                Long.parseLong(run.header().get("half-life")), AsertVectors.hex(run.header().get("max nBits")));
        assertRun(run, rule);
    }

    private static void assertRun(AsertVectors run, Asert rule) {
        assertThat(run.rows()).isNotEmpty();
        for (AsertVectors.Row row : run.rows()) {
            int bits = rule.nextBits(run.anchor(), row.height(), row.time());
            assertThat(CompactTarget.hex(bits)).as("%s at height %d, time %d", run.name(), row.height(), row.time())
                    .isEqualTo(CompactTarget.hex(row.bits()));
        }
    }

    @Test
    void aHalfLifeBehindScheduleDoublesTheTarget() {
        Asert rule = Asert.forSpacing(60, 3_600, 0x2100ffff);
        AsertAnchor anchor = new AsertAnchor(0, -60, 0x1d00ffff);
        BigInteger onSchedule = CompactTarget.decode(rule.nextBits(anchor, 10, 600));
        BigInteger behind = CompactTarget.decode(rule.nextBits(anchor, 10, 600 + 3_600));
        BigInteger ahead = CompactTarget.decode(rule.nextBits(anchor, 10, 600 - 3_600));
        assertThat(onSchedule).isEqualTo(CompactTarget.decode(0x1d00ffff));
        assertThat(behind).isEqualTo(onSchedule.shiftLeft(1));
        assertThat(ahead).isEqualTo(onSchedule.shiftRight(1));
    }

    /** The specification bounds the cubic's relative error by 0.013 %; it is 0.0118 % at worst over all fractions. */
    @Test
    void theFactorIsTwoToTheFractionWithinTheSpecificationsError() {
        for (long fraction = 0; fraction < 65_536; fraction++) {
            double exact = 65_536 * StrictMath.pow(2, fraction / 65_536.0);
            assertThat(Math.abs(Asert.factor(fraction) - exact) / exact).as("fraction %d", fraction)
                    .isLessThan(1.3e-4);
        }
        assertThat(Asert.factor(0)).isEqualTo(65_536);
        assertThat(Asert.factor(65_535)).isLessThan(131_072);
    }

    @Test
    void farOffScheduleClampsInsteadOfComputingHugeNumbers() {
        Asert rule = Asert.forSpacing(60, 3_600, 0x2100ffff);
        AsertAnchor anchor = new AsertAnchor(0, -60, 0x1f0fffff);
        assertThat(rule.nextBits(anchor, 1, Long.MAX_VALUE / 2)).isEqualTo(0x2100ffff);
        assertThat(rule.nextBits(anchor, 1, Long.MIN_VALUE / 2)).isEqualTo(CompactTarget.encode(BigInteger.ONE));
    }

    @Test
    void refusesBadSettingsNamingThem() {
        assertThatThrownBy(() -> Asert.forSpacing(0, 3_600, 0x2100ffff)).hasMessageContaining("block spacing");
        assertThatThrownBy(() -> Asert.forSpacing(60, -1, 0x2100ffff)).hasMessageContaining("half-life");
        assertThatThrownBy(() -> BITCOIN_CASH.nextBits(new AsertAnchor(10, 0, 0x1d00ffff), 9, 0))
                .hasMessageContaining("below the anchor");
    }
}
