package org.pouw.gate.redeem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Each bad setting is refused when the settings are made, with the setting named. */
class RedemptionSettingsTest {
    @Test
    void badValuesAreRefusedNamingTheSetting() {
        assertThatThrownBy(() -> new RedemptionSettings("memcached", "", 5_000, FailMode.FAIL_SAFE, 0, 1))
                .hasMessageContaining("gate.redemption_store");
        assertThatThrownBy(() -> new RedemptionSettings("redis", "", 5_000, FailMode.FAIL_SAFE, 0, 1))
                .hasMessageContaining("gate.redis_url");
        assertThatThrownBy(() -> new RedemptionSettings("sql", "", -1, FailMode.FAIL_SAFE, 0, 1))
                .hasMessageContaining("gate.clock_skew_ms");
        assertThatThrownBy(() -> new RedemptionSettings("sql", "", 60_001, FailMode.FAIL_SAFE, 0, 1))
                .hasMessageContaining("gate.clock_skew_ms");
        assertThatThrownBy(() -> new RedemptionSettings("sql", "", 5_000, FailMode.FAIL_OPEN, -1, 1))
                .hasMessageContaining("gate.fail_open_after_ms");
        assertThatThrownBy(() -> new RedemptionSettings("sql", "", 5_000, FailMode.FAIL_OPEN, 0, 0))
                .hasMessageContaining("gate.fail_open_max_tokens");
        assertThatThrownBy(() -> new RedemptionSettings("sql", "", 5_000, FailMode.FAIL_OPEN, 499, 1))
                .hasMessageContaining("gate.fail_open_after_ms must be >= 500");
        assertThat(new RedemptionSettings("sql", "", 5_000, FailMode.FAIL_SAFE, 0, 1).failOpenAfterMs()).isZero();
        assertThatThrownBy(() -> FailMode.fromSetting("fail_maybe")).hasMessageContaining("gate.fail_mode");
    }

    @Test
    void theModesReadTheirSettingNames() {
        assertThat(FailMode.fromSetting("fail_safe")).isEqualTo(FailMode.FAIL_SAFE);
        assertThat(FailMode.fromSetting("fail_open")).isEqualTo(FailMode.FAIL_OPEN);
        assertThat(RedemptionSettings.defaults().failMode()).isEqualTo(FailMode.FAIL_SAFE);
    }
}
