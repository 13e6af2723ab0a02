package org.pouw.stark.proof;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.pouw.stark.HashChainStark;

class ProofOptionsTest {
    @Test
    void eachOutOfRangeSettingIsNamed() {
        assertThatThrownBy(() -> new ProofOptions(3, 27, 16, 4, 32)).hasMessageContaining("blowup");
        assertThatThrownBy(() -> new ProofOptions(8, 0, 16, 4, 32)).hasMessageContaining("queries");
        assertThatThrownBy(() -> new ProofOptions(8, 27, 33, 4, 32)).hasMessageContaining("grinding_bits");
        assertThatThrownBy(() -> new ProofOptions(8, 27, 16, 3, 32)).hasMessageContaining("folding_factor");
        assertThatThrownBy(() -> new ProofOptions(8, 27, 16, 8, 4)).hasMessageContaining("remainder_max_length");
    }

    @Test
    void withersChangeOneSetting() {
        ProofOptions base = HashChainStark.OPTIONS_96;
        assertThat(base.withQueries(30).queries()).isEqualTo(30);
        assertThat(base.withGrindingBits(20).grindingBits()).isEqualTo(20);
        assertThat(base.withBlowup(16).blowup()).isEqualTo(16);
        assertThat(base.withFoldingFactor(16)).isEqualTo(new ProofOptions(8, 27, 16, 16, 32));
        assertThat(base.withFoldingFactor(2).remainderMaxLength()).isEqualTo(32);
    }

    @Test
    void theConjecturedEstimateFollowsTheDocumentedFormula() {
        // min(27·3 + 16, 127 − log2(8·2^13)) − 1 = min(97, 111) − 1
        assertThat(SecurityEstimate.conjecturedBits(HashChainStark.OPTIONS_96, 1 << 13)).isEqualTo(96);
        assertThat(SecurityEstimate.conjecturedBits(HashChainStark.OPTIONS_96, 1 << 19)).isEqualTo(96);
        // the 128-bit query budget is capped by a quadratic extension: 127 − 22 − 1
        ProofOptions quadratic128 = HashChainStark.OPTIONS_128.withExtensionDegree(2);
        assertThat(SecurityEstimate.conjecturedBits(quadratic128, 1 << 19)).isEqualTo(104);
        assertThat(SecurityEstimate.conjecturedBits(quadratic128, 1 << 13)).isEqualTo(110);
        // … but not by the cubic one: min(38·3 + 16, 191 − 22) − 1 = 129, capped at 128
        assertThat(SecurityEstimate.conjecturedBits(HashChainStark.OPTIONS_128, 1 << 19)).isEqualTo(128);
        // a cubic extension buys nothing when the queries are the limit
        assertThat(SecurityEstimate.conjecturedBits(HashChainStark.OPTIONS_96.withExtensionDegree(3), 1 << 19))
                .isEqualTo(96);
        assertThat(SecurityEstimate.conjecturedBits(HashChainStark.OPTIONS_96.withQueries(26), 1 << 13)).isEqualTo(93);
        assertThat(SecurityEstimate.conjecturedBits(new ProofOptions(64, 255, 32, 4, 32), 8)).isEqualTo(117);
    }

    @Test
    void options128ReachOneHundredTwentyEightBitsForTwoToTheTenThroughSixteenHashes() {
        assertThat(HashChainStark.OPTIONS_128.extensionDegree()).isEqualTo(3);
        assertThat(HashChainStark.OPTIONS_96.extensionDegree()).isEqualTo(2);
        for (int log2Hashes = 10; log2Hashes <= 16; log2Hashes++) {
            int traceLength = HashChainStark.traceLength(1L << log2Hashes);
            assertThat(SecurityEstimate.conjecturedBits(HashChainStark.OPTIONS_128, traceLength))
                    .as("2^%d hashes", log2Hashes).isGreaterThanOrEqualTo(128);
        }
    }

    @Test
    void theExtensionDegreeIsTwoOrThree() {
        assertThat(new ProofOptions(8, 27, 16, 4, 32)).isEqualTo(new ProofOptions(8, 27, 16, 4, 32, 2));
        assertThatThrownBy(() -> new ProofOptions(8, 27, 16, 4, 32, 4)).hasMessageContaining("extension_degree");
        assertThatThrownBy(() -> HashChainStark.OPTIONS_96.withExtensionDegree(1))
                .hasMessageContaining("extension_degree");
        assertThat(HashChainStark.OPTIONS_128.withQueries(40).extensionDegree()).isEqualTo(3);
    }

    @Test
    void encodingIsFiveCanonicalBytes() {
        assertThat(HashChainStark.OPTIONS_96.encode()).containsExactly(3, 27, 16, 2, 5);
    }
}
