package org.pouw.node.ratelimit;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.pouw.gate.token.AccessClass;
import org.pouw.node.config.ConfigException;
import org.pouw.node.config.SettingText;

/**
 * The {@code rate_limits.*} settings and {@code http.trusted_proxies} (docs/operations.md, "Rate limits"), checked
 * once at start, each error naming its setting.
 *
 * @param enabled           whether requests are limited at all
 * @param address           each class's bucket per client address (IPv4 address, IPv6 /64)
 * @param did               each class's bucket per signed-in did; none for {@link LimitClass#AUTH}
 * @param tokens            per access-token class, its tokens' share of the per-did buckets and the class's ceiling
 * @param maxBuckets        the most buckets a node holds in memory
 * @param submissionWeights what one proof of a kind costs in {@code submissions} tokens (its verification cost);
 *                          kinds not listed cost 1
 * @param store             {@code local} (this process) or {@code redis} (shared by the nodes naming one Redis)
 * @param redisUrl          the Redis server of {@code store = redis}
 * @param nodes             how many nodes share the Redis store: each falls back to 1/nodes of every rate
 * @param redisTimeoutMs    connect and answer timeout of a Redis call
 * @param redisRetryMs      while fallen back, how often Redis is tried again
 * @param redisLost         what the node does while Redis is lost: {@code local} (limit on fallback buckets at
 *                          1/nodes of every rate) or {@code closed} (refuse all but lease calls and probes, 503)
 * @param trustedProxies    peers whose {@code X-Forwarded-For} is believed
 */
public record RateLimitSettings(boolean enabled, Map<LimitClass, BucketSpec> address, Map<LimitClass, BucketSpec> did,
                                Map<AccessClass, TokenClassLimit> tokens, int maxBuckets, Map<String, Integer> submissionWeights, String store, String redisUrl,
                                int nodes, int redisTimeoutMs, long redisRetryMs, String redisLost,
                                List<AddressRange> trustedProxies) {
    public static final String LOCAL = "local";
    public static final String REDIS = "redis";
    /** {@code rate_limits.redis_lost}: refuse (503) rather than limit locally while Redis is lost. */
    public static final String CLOSED = "closed";

    /** Defaults per class: per-address per minute, burst; per-did per minute, burst (none for auth). */
    private static final long[][] DEFAULTS = {
            {1_200, 200, 0, 0},         // auth: sign-ins, challenges, access tokens
            {600, 100, 300, 60},        // intents
            {12_000, 1_000, 6_000, 512}, // claims: jobs claimed
            {60_000, 10_000, 30_000, 5_000}, // submissions: lease calls and weighted proofs
            {12_000, 1_000, 6_000, 500}, // reads
    };

    /**
     * Defaults per access-token class: each token's percent of the per-did buckets, and how many tokens' worth the
     * class holds in all. An anonymous token is free, so it gets a quarter of a did's and keeps the address limit
     * too; paid classes get more.
     */
    private static final int[][] TOKEN_DEFAULTS = {
            {25, 400},      // low
            {100, 10_000},  // work
            {200, 10_000},  // miner
            {400, 10_000},  // partner
    };

    public RateLimitSettings {
        address = Collections.unmodifiableMap(new EnumMap<>(address));
        did = Collections.unmodifiableMap(did.isEmpty() ? new EnumMap<>(LimitClass.class) : new EnumMap<>(did));
        tokens = Collections.unmodifiableMap(tokens.isEmpty() ? new EnumMap<>(AccessClass.class)
                : new EnumMap<>(tokens));
        submissionWeights = Collections.unmodifiableMap(new LinkedHashMap<>(submissionWeights));
        trustedProxies = List.copyOf(trustedProxies);
    }

    /** Whether requests are refused (503), not limited locally, while the shared store is lost. */
    public boolean closedWhenRedisLost() {
        return redisLost.equals(CLOSED);
    }

    /** What one proof of {@code kind} costs. */
    public long weight(String kind) {
        return submissionWeights.getOrDefault(kind, 1);
    }

    /** The settings' names and defaults, in the order docs/operations.md lists them. */
    public static void putDefaults(Map<String, String> d) {
        d.put("http.trusted_proxies", "");
        d.put("rate_limits.enabled", "true");
        for (LimitClass c : LimitClass.values()) {
            long[] row = DEFAULTS[c.ordinal()];
            d.put(prefix(c) + "address_per_minute", Long.toString(row[0]));
            d.put(prefix(c) + "address_burst", Long.toString(row[1]));
            if (c != LimitClass.AUTH) {
                d.put(prefix(c) + "did_per_minute", Long.toString(row[2]));
                d.put(prefix(c) + "did_burst", Long.toString(row[3]));
            }
        }
        for (AccessClass c : AccessClass.values()) {
            int[] row = TOKEN_DEFAULTS[c.ordinal()];
            d.put(tokenPrefix(c) + "token_percent", Integer.toString(row[0]));
            d.put(tokenPrefix(c) + "class_tokens", Integer.toString(row[1]));
        }
        d.put("rate_limits.submission_weights", "reexec=1,hash-chain=2,ml-train=32");
        d.put("rate_limits.max_buckets", "100000");
        d.put("rate_limits.store", LOCAL);
        d.put("rate_limits.redis_url", "");
        d.put("rate_limits.nodes", "1");
        d.put("rate_limits.redis_timeout_ms", "250");
        d.put("rate_limits.redis_retry_ms", "5000");
        d.put("rate_limits.redis_lost", LOCAL);
    }

    /** Reads and checks the settings from the raw (already merged) setting values. */
    public static RateLimitSettings parse(Map<String, String> raw) {
        boolean enabled = SettingText.bool(raw, "rate_limits.enabled");
        Map<LimitClass, BucketSpec> address = new EnumMap<>(LimitClass.class);
        Map<LimitClass, BucketSpec> did = new EnumMap<>(LimitClass.class);
        for (LimitClass c : LimitClass.values()) {
            address.put(c, new BucketSpec(SettingText.number(raw, prefix(c) + "address_per_minute", 1, 100_000_000),
                    SettingText.number(raw, prefix(c) + "address_burst", 1, 100_000_000)));
            if (c != LimitClass.AUTH) {
                did.put(c, new BucketSpec(SettingText.number(raw, prefix(c) + "did_per_minute", 1, 100_000_000),
                        SettingText.number(raw, prefix(c) + "did_burst", 1, 100_000_000)));
            }
        }
        Map<AccessClass, TokenClassLimit> tokens = new EnumMap<>(AccessClass.class);
        for (AccessClass c : AccessClass.values()) {
            tokens.put(c, new TokenClassLimit(
                    (int) SettingText.number(raw, tokenPrefix(c) + "token_percent", 1, 100_000),
                    (int) SettingText.number(raw, tokenPrefix(c) + "class_tokens", 1, 1_000_000)));
        }
        String store = raw.get("rate_limits.store").strip();
        if (!store.equals(LOCAL) && !store.equals(REDIS)) {
            throw new ConfigException("rate_limits.store must be local or redis, got '" + store + "'");
        }
        String redisUrl = raw.get("rate_limits.redis_url").strip();
        if (store.equals(REDIS) && !redisUrl.matches("redis://[^/:]+:[0-9]{1,5}")) {
            throw new ConfigException("rate_limits.redis_url must be redis://host:port when rate_limits.store is redis,"
                    + " got '" + redisUrl + "'");
        }
        String redisLost = raw.get("rate_limits.redis_lost").strip();
        if (!redisLost.equals(LOCAL) && !redisLost.equals(CLOSED)) {
            throw new ConfigException("rate_limits.redis_lost must be local or closed, got '" + redisLost + "'");
        }
        if (redisLost.equals(CLOSED) && !store.equals(REDIS)) {
            throw new ConfigException("rate_limits.redis_lost = closed needs rate_limits.store = redis (a local store"
                    + " is never lost), got rate_limits.store = " + store);
        }
        return new RateLimitSettings(enabled, address, did, tokens,
                (int) SettingText.number(raw, "rate_limits.max_buckets", 1_000, 100_000_000), weights(raw.get("rate_limits.submission_weights")), store, redisUrl,
                (int) SettingText.number(raw, "rate_limits.nodes", 1, 10_000),
                (int) SettingText.number(raw, "rate_limits.redis_timeout_ms", 10, 60_000),
                SettingText.number(raw, "rate_limits.redis_retry_ms", 100, 3_600_000), redisLost,
                proxies(raw.get("http.trusted_proxies")));
    }

    private static String prefix(LimitClass c) {
        return "rate_limits." + c.wire() + ".";
    }

    private static String tokenPrefix(AccessClass c) {
        return "rate_limits.access." + c.wire() + ".";
    }

    private static Map<String, Integer> weights(String text) {
        Map<String, Integer> weights = new LinkedHashMap<>();
        if (text.isBlank()) {
            return weights;
        }
        for (String entry : text.split(",", -1)) {
            String part = entry.strip();
            int eq = part.indexOf('=');
            String kind = eq < 0 ? part : part.substring(0, eq).strip();
            String weight = eq < 0 ? "" : part.substring(eq + 1).strip();
            if (!kind.matches("[a-z0-9][a-z0-9-]{0,63}") || !weight.matches("[0-9]{1,6}")
                    || Integer.parseInt(weight) < 1) {
                throw new ConfigException("rate_limits.submission_weights entries are kind=weight (a work kind and "
                        + "a whole number from 1 to 999999), got '" + part + "'");
            }
            if (weights.put(kind, Integer.parseInt(weight)) != null) {
                throw new ConfigException("rate_limits.submission_weights names " + kind + " twice");
            }
        }
        return weights;
    }

    private static List<AddressRange> proxies(String text) {
        List<AddressRange> ranges = new ArrayList<>();
        if (text.isBlank()) {
            return ranges;
        }
        for (String entry : text.split(",", -1)) {
            try {
                ranges.add(AddressRange.parse(entry));
            } catch (IllegalArgumentException e) {
                throw new ConfigException("http.trusted_proxies: " + e.getMessage()
                        + " (a comma-separated list of addresses and CIDR blocks)");
            }
        }
        return ranges;
    }
}
