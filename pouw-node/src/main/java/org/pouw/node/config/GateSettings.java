package org.pouw.node.config;

import java.util.Optional;
import org.pouw.gate.redeem.RedemptionSettings;
import org.pouw.gate.reward.RewardRate;

/**
 * The settings of challenges, receipts and access tokens (issue 21; docs/operations.md, "Challenges, receipts and
 * access tokens"), checked by {@link ConfigLoader}.
 *
 * @param enabled             whether the node serves the gate at all (off: no endpoints, no store checks)
 * @param nodeId              the {@code node} member of every challenge this node signs
 * @param storeId             the {@code store} member: the redemption store's id, equal on every node sharing it
 * @param networkId           the receipt proof's {@code domain}
 * @param audience            the {@code aud} of the access tokens this node issues and accepts
 * @param challengeTtlMs      how long a challenge may be redeemed
 * @param baseBits            the hashcash difficulty of a source asking no more than its free share
 * @param maxBits             the most bits a source is ever made to pay (a caller may still ask more)
 * @param freePerMinute       challenges a source (address group or DID) gets per minute at {@code baseBits}; each
 *                            doubling beyond adds one bit
 * @param challengesPerSecond the challenge class's budget: over it, 429 {@code rate_limited}, nobody's bits raised
 * @param pruneIntervalMs     how often expired redemptions are pruned from an SQL store
 * @param hashcashRate        money for hashcash receipts, only if the operator set it
 * @param pools               the pools whose attestations buy {@code pool_validated} tokens here
 * @param receiptsPoolFund    what the ledger's genesis moves into {@code sys:receipts:pool} once, at the first start
 *                            on a database (later changes do nothing; fund the pool by transfers then)
 * @param miningPool          the pools a share sent to this node is relayed to ({@code [mining_pool]})
 */
public record GateSettings(boolean enabled, String nodeId, String storeId, String networkId, String audience, long challengeTtlMs,
                           int baseBits, int maxBits, int freePerMinute, int challengesPerSecond,
                           long pruneIntervalMs, RedemptionSettings redemption, Optional<RewardRate> hashcashRate,
                           long receiptsPoolFund, String challengeKeyFile, String tokenKeyFile, TrustedPools pools,
                           MiningPoolSettings miningPool) {
    public GateSettings {
        if (maxBits < baseBits) {
            throw new ConfigException("gate.max_hashcash_bits must be >= gate.hashcash_bits (" + baseBits + "), got "
                    + maxBits);
        }
        if (hashcashRate.isPresent() && RedemptionSettings.REDIS.equals(redemption.store())) {
            // A reward redeems chal:<id> in the SQL ledger's transaction, a token redeems it in Redis: with both, one
            // challenge could be redeemed once in each store and buy a reward and a token (issue 21 §2).
            throw new ConfigException("receipts.hashcash.amount must be 0 when gate.redemption_store is redis, got "
                    + hashcashRate.get().amountPerReceipt() + ": a reward is paid and its challenge redeemed in the "
                    + "SQL database's transaction while a token redeems in Redis, so one challenge could buy both; "
                    + "money needs gate.redemption_store = sql");
        }
    }

    /** These settings with another {@code store} id: the node's, once a restored database's epoch is folded in. */
    public GateSettings withStoreId(String id) {
        return new GateSettings(enabled, nodeId, id, networkId, audience, challengeTtlMs, baseBits, maxBits,
                freePerMinute, challengesPerSecond, pruneIntervalMs, redemption, hashcashRate, receiptsPoolFund,
                challengeKeyFile, tokenKeyFile, pools, miningPool);
    }
}
