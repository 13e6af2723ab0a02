package org.pouw.node.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code pools.*}: checked once at load, each error naming the setting (docs/operations.md). */
class TrustedPoolsTest {
    private static final String KEY = "8a875fff1eb38451577acd5afee405456568dd7c89e090863a0557bc7af49f17";

    private static NodeConfig load(Map<String, String> settings) {
        return ConfigLoader.load(null, Map.of(), settings);
    }

    @Test
    void configuredPoolsAreLoadedWithTheirKeysAndTheShareBits() {
        TrustedPools pools = load(Map.of("pools.trusted", "pool-1=" + KEY + ", pool.two=" + KEY.replace('8', '9'),
                "pools.min_share_bits", "12")).gate().pools();
        assertThat(pools.names()).containsExactly("pool-1", "pool.two");
        assertThat(pools.keys().getFirst().publicKey()).hasSize(32);
        assertThat(pools.keys().getFirst().kid()).isEmpty();
        assertThat(pools.keys().getFirst().notAfterMs()).isEqualTo(Long.MAX_VALUE);
        assertThat(pools.minShareBits()).isEqualTo(12);
        assertThat(load(Map.of()).gate().pools().keys()).as("no pool trusted by default").isEmpty();
    }

    @Test
    void malformedEntriesAreRefusedNamingTheSetting() {
        for (String bad : new String[] {"pool-1", "pool-1=" + KEY.toUpperCase(), "pool-1=" + KEY.substring(2),
                "pool 1=" + KEY, "=" + KEY, "pool-1=" + KEY + ",", "pool-1=" + KEY + ",pool-1=" + KEY,
                "pool-1/=" + KEY, "pool-1/a b=" + KEY, "pool-1/k1=" + KEY + ",pool-1/k1=" + KEY,
                "pool-1=" + KEY + "@tomorrow", "pool-1=" + KEY + "@"}) {
            assertThatThrownBy(() -> load(Map.of("pools.trusted", bad))).as(bad)
                    .isInstanceOf(ConfigException.class).hasMessageContaining("pools.trusted");
        }
        assertThatThrownBy(() -> load(Map.of("pools.min_share_bits", "0")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("pools.min_share_bits");
        assertThatThrownBy(() -> load(Map.of("pools.min_share_bits", "65")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("pools.min_share_bits");
    }

    @Test
    void eachPoolHasAPerMinuteTokenBudgetAndShareChallengesALifetime() {
        TrustedPools pools = load(Map.of("pools.trusted", "pool-1=" + KEY + ", pool.two=" + KEY.replace('8', '9'),
                "pools.max_tokens_per_minute", "30", "pools.challenge_ttl_ms", "120000")).gate().pools();
        assertThat(pools.tokensPerMinute()).containsExactly(Map.entry("pool-1", 30), Map.entry("pool.two", 30));
        assertThat(pools.challengeTtlMs()).isEqualTo(120_000);
        assertThat(load(Map.of()).gate().pools().maxTokensPerMinute()).isEqualTo(600);
        assertThatThrownBy(() -> load(Map.of("pools.max_tokens_per_minute", "0")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("pools.max_tokens_per_minute");
        assertThatThrownBy(() -> load(Map.of("pools.challenge_ttl_ms", "999")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("pools.challenge_ttl_ms");
    }

    @Test
    void aPoolMayListSeveralKidsEachWithItsNotAfter() {
        TrustedPools pools = load(Map.of("pools.trusted", "pool-1/2026-12=" + KEY + "@2027-01-31T00:00:00Z, "
                + "pool-1/2027-01=" + KEY.replace('8', '9'))).gate().pools();
        assertThat(pools.names()).containsExactly("pool-1");
        assertThat(pools.keys()).extracting(k -> k.kid()).containsExactly("2026-12", "2027-01");
        assertThat(pools.keys().getFirst().notAfterMs()).isEqualTo(java.time.Instant.parse("2027-01-31T00:00:00Z")
                .toEpochMilli());
        assertThat(pools.keys().get(1).notAfterMs()).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void poolTokensAreWorkClassUnlessAnOverrideRaisesThatPool() {
        TrustedPools plain = load(Map.of("pools.trusted", "pool-1=" + KEY)).gate().pools();
        assertThat(plain.maxClasses()).isEmpty();
        TrustedPools raised = load(Map.of("pools.trusted", "pool-1=" + KEY + ",pool.two=" + KEY.replace('8', '9'),
                "pools.overrides", "pool.two.max_class=miner, pool.two.max_tokens_per_minute=7")).gate().pools();
        assertThat(raised.maxClasses()).containsExactly(Map.entry("pool.two",
                org.pouw.gate.token.AccessClass.MINER));
        assertThat(raised.tokensPerMinute()).containsExactly(Map.entry("pool-1", 600), Map.entry("pool.two", 7));
        for (String bad : new String[] {"pool-1.max_class=partner", "pool-1.max_class=gold", "pool-3.max_class=miner",
                "pool-1.colour=red", "pool-1max_class", "pool-1.max_tokens_per_minute=0",
                "pool-1.max_class=work,pool-1.max_class=miner"}) {
            assertThatThrownBy(() -> load(Map.of("pools.trusted", "pool-1=" + KEY, "pools.overrides", bad)))
                    .as(bad).isInstanceOf(ConfigException.class).hasMessageContaining("pools.overrides");
        }
    }
}
