package org.pouw.stark.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.pouw.crypto.Goldilocks;
import org.pouw.stark.fiatshamir.Transcript;
import org.pouw.stark.field.Ext;
import org.pouw.stark.field.ExtensionField;
import org.pouw.stark.field.Fp2;

class OodPointTest {
    @Test
    void recognisesPointsOfTheTraceAndEvaluationDomains() {
        long omega = Goldilocks.rootOfUnity(6);
        assertThat(OodPoint.inTraceDomain(Fp2.of(Goldilocks.pow(omega, 5)), 64)).isTrue();
        assertThat(OodPoint.inTraceDomain(Fp2.of(Domains.point(512, 17)), 64)).isFalse();
        assertThat(OodPoint.inEvaluationDomain(Fp2.of(Domains.point(512, 17)), 512)).isTrue();
        assertThat(OodPoint.inEvaluationDomain(Fp2.of(Goldilocks.pow(omega, 5)), 512)).isFalse();
    }

    @Test
    void drawnPointsLieOutsideBothDomainsAndTheBaseField() {
        Transcript transcript = new Transcript("test");
        for (int i = 0; i < 100; i++) {
            transcript.absorb(new byte[] {(byte) i});
            Ext z = OodPoint.draw(transcript, ExtensionField.QUADRATIC, 64, 512);
            assertThat(z.isBase()).isFalse();
            assertThat(OodPoint.inTraceDomain(z, 64)).isFalse();
            assertThat(OodPoint.inEvaluationDomain(z, 512)).isFalse();
        }
    }
}
