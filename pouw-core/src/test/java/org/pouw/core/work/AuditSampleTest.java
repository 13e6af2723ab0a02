package org.pouw.core.work;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.pouw.core.market.LevelConsequences;
import org.pouw.core.standing.ProverLevel;

class AuditSampleTest {
    private static final LevelConsequences ON = LevelConsequences.OFF.on();

    @Test
    void one_nonce_in_four_audits_the_full_count_the_rest_the_levels_share_never_below_the_floor() {
        AuditSample trusted = ON.auditSample(ProverLevel.TRUSTED);
        AuditSample established = ON.auditSample(ProverLevel.ESTABLISHED);
        int full = 0;
        for (int b = 0; b < 256; b++) {
            int count = trusted.count(32, (byte) b);
            assertThat(count).isEqualTo(b % 4 == 0 ? 32 : 8);
            full += count == 32 ? 1 : 0;
            assertThat(established.count(32, (byte) b)).isEqualTo(b % 4 == 0 ? 32 : 16);
            assertThat(trusted.count(20, (byte) b)).as("a quarter of 20 is below the floor of 8")
                    .isEqualTo(b % 4 == 0 ? 20 : 8);
            assertThat(trusted.count(5, (byte) b)).as("never more than the full count").isEqualTo(5);
            assertThat(established.count(33, (byte) b)).as("rounded up").isEqualTo(b % 4 == 0 ? 33 : 17);
        }
        assertThat(full).isEqualTo(256 / AuditSample.FULL_ONE_IN);
    }

    @Test
    void probation_and_levels_off_audit_the_full_count() {
        assertThat(ON.auditSample(ProverLevel.PROBATION)).isEqualTo(AuditSample.FULL);
        assertThat(ON.auditSample(ProverLevel.QUARANTINED)).isEqualTo(AuditSample.FULL);
        assertThat(LevelConsequences.OFF.auditSample(ProverLevel.TRUSTED)).isEqualTo(AuditSample.FULL);
        for (int b = 0; b < 256; b++) {
            assertThat(AuditSample.FULL.count(32, (byte) b)).isEqualTo(32);
        }
    }

    @Test
    void bad_samples_are_refused() {
        assertThatThrownBy(() -> new AuditSample(0, 8)).hasMessageContaining("permille");
        assertThatThrownBy(() -> new AuditSample(500, 0)).hasMessageContaining("floor");
        assertThatThrownBy(() -> AuditSample.FULL.count(0, (byte) 0)).hasMessageContaining("full count");
    }
}
