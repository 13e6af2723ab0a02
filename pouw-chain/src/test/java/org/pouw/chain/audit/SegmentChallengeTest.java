package org.pouw.chain.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.pouw.ml.wire.Bytes32;

/**
 * The challenge draw's golden vector (docs/chain.md §9) and its edges: a segment of the winner alone opens nothing,
 * one of two leaves opens its first leaf, and windows never reach the winner.
 */
class SegmentChallengeTest {
    private static final Bytes32 CHAIN = Bytes32.fromHex("c1".repeat(32));
    private static final Bytes32 BLOCK = Bytes32.fromHex("55".repeat(32));
    private static final Bytes32 TICKET = Bytes32.fromHex("78e6fd3d6e6fe0ae66f16281b4f6e76731f327b0e3faf42ea70d77ac9e55f912");

    @Test
    void goldenChallenge() {
        Bytes32 seed = SegmentChallenge.seed(CHAIN, BLOCK, TICKET);
        List<AuditWindow> windows = SegmentChallenge.windows(seed, 500, AuditParameters.DEFAULTS);
        assertThat(seed.hex()).isEqualTo("962fe15be61d0cdfd2e1e984e7016d8fb25b4d4118473c785788bd87e53a6d67");
        assertThat(windows).containsExactly(new AuditWindow(0, 1), new AuditWindow(12, 4), new AuditWindow(40, 4),
                new AuditWindow(120, 4), new AuditWindow(140, 4), new AuditWindow(161, 4), new AuditWindow(210, 4),
                new AuditWindow(236, 4), new AuditWindow(430, 4), new AuditWindow(498, 1));
    }

    @Test
    void shortSegmentsOpenWhatTheyHave() {
        Bytes32 seed = SegmentChallenge.seed(CHAIN, BLOCK, TICKET);
        assertThat(SegmentChallenge.windows(seed, 1, AuditParameters.DEFAULTS)).isEmpty();
        assertThat(SegmentChallenge.windows(seed, 2, AuditParameters.DEFAULTS)).containsExactly(new AuditWindow(0, 1));
        assertThat(SegmentChallenge.windows(seed, 3, AuditParameters.DEFAULTS)).containsExactly(new AuditWindow(0, 2));
        assertThatThrownBy(() -> SegmentChallenge.windows(seed, 0, AuditParameters.DEFAULTS))
                .hasMessageContaining("segment length");
    }
}
