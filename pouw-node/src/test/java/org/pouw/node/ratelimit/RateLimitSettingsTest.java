package org.pouw.node.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.pouw.node.config.ConfigException;

/** The settings parse, and every bad value is refused naming its setting. */
class RateLimitSettingsTest {
    @Test
    void defaultsGiveEveryClassAnAddressBucketAndEveryClassButAuthADidBucket() {
        RateLimitSettings settings = RateLimitTestSettings.with(Map.of());
        assertThat(settings.enabled()).isTrue();
        assertThat(settings.address()).containsOnlyKeys(LimitClass.values());
        assertThat(settings.did()).doesNotContainKey(LimitClass.AUTH).hasSize(LimitClass.values().length - 1);
        assertThat(settings.store()).isEqualTo("local");
        assertThat(settings.weight("ml-train")).isEqualTo(32);
        assertThat(settings.weight("never-heard-of")).isEqualTo(1);
        assertThat(settings.trustedProxies()).isEmpty();
    }

    @Test
    void badValuesNameTheirSetting() {
        assertThatThrownBy(() -> RateLimitTestSettings.with(Map.of("rate_limits.claims.did_burst", "0")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("rate_limits.claims.did_burst");
        assertThatThrownBy(() -> RateLimitTestSettings.with(Map.of("rate_limits.enabled", "yes")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("rate_limits.enabled");
        assertThatThrownBy(() -> RateLimitTestSettings.with(Map.of("rate_limits.store", "memcached")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("rate_limits.store");
        assertThatThrownBy(() -> RateLimitTestSettings.with(Map.of("rate_limits.store", "redis")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("rate_limits.redis_url");
        assertThatThrownBy(() -> RateLimitTestSettings.with(Map.of("http.trusted_proxies", "10.0.0.0/33")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("http.trusted_proxies");
        assertThatThrownBy(() -> RateLimitTestSettings.with(Map.of("http.trusted_proxies", "proxy.example")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("http.trusted_proxies");
        assertThatThrownBy(() -> RateLimitTestSettings.with(Map.of("rate_limits.submission_weights", "reexec=0")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("rate_limits.submission_weights");
        assertThatThrownBy(() -> RateLimitTestSettings.with(Map.of("rate_limits.submission_weights",
                "reexec=1,reexec=2"))).isInstanceOf(ConfigException.class).hasMessageContaining("twice");
        assertThatThrownBy(() -> RateLimitTestSettings.with(Map.of("rate_limits.store", "redis",
                "rate_limits.redis_url", "redis://127.0.0.1:6379", "rate_limits.redis_lost", "open")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("rate_limits.redis_lost");
        // A local store is never lost: closed there would be a setting that does nothing, so it is refused.
        assertThatThrownBy(() -> RateLimitTestSettings.with(Map.of("rate_limits.redis_lost", "closed")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("rate_limits.redis_lost")
                .hasMessageContaining("rate_limits.store");
    }

    @Test
    void proxiesAndWeightsParse() {
        RateLimitSettings settings = RateLimitTestSettings.with(Map.of("http.trusted_proxies",
                "10.0.0.0/8, 192.0.2.1, 2001:db8::/32", "rate_limits.submission_weights", "hash-chain=5"));
        assertThat(settings.trustedProxies()).hasSize(3);
        assertThat(settings.weight("hash-chain")).isEqualTo(5);
        assertThat(settings.weight("ml-train")).isEqualTo(1);
    }

    @Test
    void oneRefillIsOneSecondsWorthAndAtLeastOneToken() {
        assertThat(new BucketSpec(600, 100).oneRefill()).isEqualTo(10);
        assertThat(new BucketSpec(1, 100).oneRefill()).isEqualTo(1);
        assertThat(new BucketSpec(6_000, 50).oneRefill()).isEqualTo(50);
        assertThat(new BucketSpec(600, 100).perNode(3)).isEqualTo(new BucketSpec(200, 33));
    }
}
