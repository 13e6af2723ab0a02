package org.pouw.node.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code [mining_pool]} (issue 23 §5): checked once at load, each error naming its setting; the API key redacted. */
class MiningPoolSettingsTest {
    @TempDir
    Path dir;

    private static MiningPoolSettings load(Map<String, String> settings) {
        return ConfigLoader.load(null, Map.of(), settings).gate().miningPool();
    }

    @Test
    void theDefaultsAreTheIssuesAndRelayingIsOff() {
        MiningPoolSettings settings = load(Map.of());
        assertThat(settings.enabled()).isFalse();
        assertThat(settings.timeoutSeconds()).isEqualTo(10);
        assertThat(settings.maxRetries()).isEqualTo(3);
        assertThat(settings.breakerThreshold()).isEqualTo(5);
        assertThat(settings.breakerTimeoutSeconds()).isEqualTo(60);
        assertThat(settings.requestsPerMinute()).isEqualTo(600);
    }

    @Test
    void poolsAreHttpsOrLoopbackHttpInOrder() {
        MiningPoolSettings settings = load(Map.of("mining_pool.enabled", "true", "mining_pool.pool_url",
                "https://pool.example/api/, http://127.0.0.1:3334"));
        assertThat(settings.poolUrls()).extracting(Object::toString)
                .containsExactly("https://pool.example/api", "http://127.0.0.1:3334");
        for (String bad : new String[] {"http://pool.example:3334", "ftp://127.0.0.1", "https://u:p@pool.example",
                "https://pool.example/?a=b", "not a url", "https://pool.example,"}) {
            assertThatThrownBy(() -> load(Map.of("mining_pool.enabled", "true", "mining_pool.pool_url", bad)))
                    .as(bad).isInstanceOf(ConfigException.class).hasMessageContaining("mining_pool.pool_url");
        }
        assertThatThrownBy(() -> load(Map.of("mining_pool.enabled", "true")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("mining_pool.pool_url");
    }

    @Test
    void badNumbersNameTheirSetting() {
        for (String setting : new String[] {"mining_pool.timeout_seconds", "mining_pool.circuit_breaker_threshold",
                "mining_pool.circuit_breaker_timeout", "mining_pool.requests_per_minute"}) {
            assertThatThrownBy(() -> load(Map.of(setting, "0"))).as(setting)
                    .isInstanceOf(ConfigException.class).hasMessageContaining(setting);
        }
        assertThatThrownBy(() -> load(Map.of("mining_pool.max_retries", "11")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("mining_pool.max_retries");
        assertThatThrownBy(() -> load(Map.of("mining_pool.enabled", "yes")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("mining_pool.enabled");
    }

    @Test
    void theApiKeyIsReadFromItsFileAndNeverPrinted() throws Exception {
        Path file = dir.resolve("pool-api-key");
        Files.writeString(file, "s3cret-token-value\n");
        MiningPoolSettings settings = load(Map.of("mining_pool.api_key_file", file.toString()));
        assertThat(settings.apiKey()).hasValue("s3cret-token-value");
        assertThat(settings.toString()).doesNotContain("s3cret").contains("redacted");
        assertThatThrownBy(() -> load(Map.of("mining_pool.api_key_file", dir.resolve("missing").toString())))
                .isInstanceOf(ConfigException.class).hasMessageContaining("mining_pool.api_key_file");
    }
}
