package org.pouw.ml.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class DetectionProbabilityTest {
    @Test
    void exactIsOneMinusTheHypergeometricMiss() {
        // C(60,8)/C(64,8) = (56·55·54·53)/(64·63·62·61)
        assertThat(DetectionProbability.exact(64, 4, 8)).isCloseTo(1 - (56.0 * 55 * 54 * 53) / (64.0 * 63 * 62 * 61), within(1e-12));
        assertThat(DetectionProbability.exact(100, 0, 10)).isEqualTo(0.0);
        assertThat(DetectionProbability.exact(10, 1, 10)).isEqualTo(1.0);
        assertThat(DetectionProbability.exact(10, 10, 1)).isEqualTo(1.0);
    }

    @Test
    void theLowerBoundIsBelowTheExactValue() {
        for (int audits = 1; audits <= 64; audits *= 2) {
            assertThat(DetectionProbability.lowerBound(0.05, audits))
                    .isLessThanOrEqualTo(DetectionProbability.exact(1000, 50, audits) + 1e-12);
        }
        assertThat(DetectionProbability.lowerBound(0.01, 300)).isCloseTo(0.951, within(1e-3));
    }

    @Test
    void auditsForReachesTheRequestedProbability() {
        int k = DetectionProbability.auditsFor(0.01, 0.99);
        assertThat(k).isEqualTo(459);
        assertThat(DetectionProbability.lowerBound(0.01, k)).isGreaterThanOrEqualTo(0.99);
        assertThat(DetectionProbability.lowerBound(0.01, k - 1)).isLessThan(0.99);
    }
}
