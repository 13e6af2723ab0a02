package org.pouw.node.config;

import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The pools whose attestations this node accepts for {@code pool_validated} tokens (issue 21 §4; docs/gate.md §9):
 * {@code pools.trusted} = {@code name=<64 hex digits of the pool's Ed25519 public key>}, comma-separated, and the
 * share difficulty the node re-checks, {@code pools.min_share_bits}. The audience an attestation must name is this
 * node's {@code tokens.audience}. Each pool buys at most {@code pools.max_tokens_per_minute} tokens a minute here
 * (issue 23 §1), and a {@code share} challenge for mining through a pool lives {@code pools.challenge_ttl_ms}.
 * Checked once, each error naming the setting and the entry.
 */
public record TrustedPools(Map<String, byte[]> publicKeys, int minShareBits, int maxTokensPerMinute,
        long challengeTtlMs) {
    private static final String SETTING = "pools.trusted";

    public TrustedPools {
        publicKeys = Collections.unmodifiableMap(new LinkedHashMap<>(publicKeys));
    }

    /** Each trusted pool's token budget a minute, for {@code PoolTokenRate}. */
    public Map<String, Integer> tokensPerMinute() {
        Map<String, Integer> limits = new LinkedHashMap<>();
        publicKeys.keySet().forEach(pool -> limits.put(pool, maxTokensPerMinute));
        return limits;
    }

    public static TrustedPools parse(String text, int minShareBits, int maxTokensPerMinute, long challengeTtlMs) {
        Map<String, byte[]> keys = new LinkedHashMap<>();
        if (text == null || text.isBlank()) {
            return new TrustedPools(keys, minShareBits, maxTokensPerMinute, challengeTtlMs);
        }
        for (String entry : text.split(",", -1)) {
            String part = entry.strip();
            int eq = part.indexOf('=');
            if (eq < 0) {
                throw new ConfigException(SETTING + " entries are name=<64 hex digits of the pool's Ed25519 public "
                        + "key>, got '" + part + "'");
            }
            String name = part.substring(0, eq).strip();
            String hex = part.substring(eq + 1).strip();
            if (!name.matches("[A-Za-z0-9._-]{1,128}")) {
                throw new ConfigException(SETTING + ": a pool name is 1…128 characters of letters, digits, '.', '_' "
                        + "or '-', got '" + name + "'");
            }
            if (!hex.matches("[0-9a-f]{64}")) {
                throw new ConfigException(SETTING + ": the public key of pool " + name + " must be 64 lower-case hex "
                        + "digits (32 bytes), got '" + hex + "'");
            }
            if (keys.put(name, HexFormat.of().parseHex(hex)) != null) {
                throw new ConfigException(SETTING + " names pool " + name + " twice");
            }
        }
        return new TrustedPools(keys, minShareBits, maxTokensPerMinute, challengeTtlMs);
    }
}
