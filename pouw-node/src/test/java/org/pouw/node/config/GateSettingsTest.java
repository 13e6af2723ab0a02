package org.pouw.node.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The start-up rule that money is paid only where its challenge is redeemed (issue 21 §2): a reward redeems
 * {@code chal:<id>} in the SQL ledger's transaction, so with a Redis redemption store a token (redeemed in Redis) and a
 * reward (redeemed in SQL) could both be bought with one challenge. The node refuses that configuration, naming why.
 */
class GateSettingsTest {
    private static Map<String, String> redisWithRewards() {
        Map<String, String> settings = new HashMap<>();
        settings.put("gate.redemption_store", "redis");
        settings.put("gate.redis_url", "redis://127.0.0.1:6379");
        settings.put("receipts.hashcash.amount", "10");
        settings.put("receipts.hashcash.emission_cap", "1000");
        return settings;
    }

    @Test
    void rewardsWithARedisRedemptionStoreRefuseToStartSayingWhy() {
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of(), redisWithRewards()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("receipts.hashcash.amount must be 0 when gate.redemption_store is redis")
                .hasMessageContaining("one challenge could buy both");
    }

    @Test
    void redisForTokensOnlyAndRewardsOnSqlAreAccepted() {
        Map<String, String> tokensOnly = redisWithRewards();
        tokensOnly.put("receipts.hashcash.amount", "0");
        assertThat(ConfigLoader.load(null, Map.of(), tokensOnly).gate().hashcashRate()).isEmpty();
        Map<String, String> sql = redisWithRewards();
        sql.put("gate.redemption_store", "sql");
        assertThat(ConfigLoader.load(null, Map.of(), sql).gate().hashcashRate()).isPresent();
    }
}
