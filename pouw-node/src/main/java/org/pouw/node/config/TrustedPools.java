package org.pouw.node.config;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.pouw.gate.poolattest.PoolKey;
import org.pouw.gate.token.AccessClass;

/**
 * The pools whose attestations this node accepts for {@code pool_validated} tokens (issue 21 §4, issue 23 §1;
 * docs/gate.md §9), checked once, each error naming the setting and the entry:
 * <ul>
 *   <li>{@code pools.trusted}: {@code name[/kid]=<64 hex digits of an Ed25519 public key>[@<not_after, an ISO-8601
 *       instant>]}, comma-separated. One pool may list several kids (rotation: the new key beside the old, which
 *       runs out at its {@code not_after}); an entry without a kid is the key of attestations naming none;</li>
 *   <li>{@code pools.overrides}: {@code <pool>.max_class=<low|work|miner>} and {@code
 *       <pool>.max_tokens_per_minute=<n>}, comma-separated, for pools of {@code pools.trusted}: a pool's tokens are
 *       class {@code work} (what {@code pow} buys) unless raised here;</li>
 *   <li>{@code pools.min_share_bits}, {@code pools.max_tokens_per_minute} (the default budget of each pool) and
 *       {@code pools.challenge_ttl_ms}.</li>
 * </ul>
 * The audience an attestation must name is this node's {@code tokens.audience}.
 */
public record TrustedPools(List<PoolKey> keys, int minShareBits, int maxTokensPerMinute, long challengeTtlMs,
        Map<String, Integer> tokensPerMinuteOverrides, Map<String, AccessClass> maxClasses) {
    private static final String SETTING = "pools.trusted";
    private static final String OVERRIDES = "pools.overrides";

    public TrustedPools {
        keys = List.copyOf(keys);
        tokensPerMinuteOverrides = Collections.unmodifiableMap(new LinkedHashMap<>(tokensPerMinuteOverrides));
        maxClasses = Collections.unmodifiableMap(new LinkedHashMap<>(maxClasses));
    }

    /** The trusted pools' names, in the order configured. */
    public Set<String> names() {
        Set<String> names = new LinkedHashSet<>();
        keys.forEach(key -> names.add(key.pool()));
        return Collections.unmodifiableSet(names);
    }

    /** Each trusted pool's token budget a minute, for {@code PoolTokenRate}. */
    public Map<String, Integer> tokensPerMinute() {
        Map<String, Integer> limits = new LinkedHashMap<>();
        names().forEach(pool -> limits.put(pool, tokensPerMinuteOverrides.getOrDefault(pool, maxTokensPerMinute)));
        return limits;
    }

    public static TrustedPools parse(String text, int minShareBits, int maxTokensPerMinute, long challengeTtlMs) {
        return parse(text, "", minShareBits, maxTokensPerMinute, challengeTtlMs);
    }

    public static TrustedPools parse(String text, String overrides, int minShareBits, int maxTokensPerMinute,
            long challengeTtlMs) {
        List<PoolKey> keys = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        if (text != null && !text.isBlank()) {
            for (String entry : text.split(",", -1)) {
                PoolKey key = key(entry.strip());
                if (!seen.add(key.pool() + "/" + key.kid())) {
                    throw new ConfigException(SETTING + " names pool " + key.pool()
                            + (key.kid().isEmpty() ? "" : " kid " + key.kid()) + " twice");
                }
                keys.add(key);
            }
        }
        Set<String> pools = new LinkedHashSet<>();
        keys.forEach(key -> pools.add(key.pool()));
        Map<String, Integer> budgets = new LinkedHashMap<>();
        Map<String, AccessClass> classes = new LinkedHashMap<>();
        if (overrides != null && !overrides.isBlank()) {
            for (String entry : overrides.split(",", -1)) {
                override(entry.strip(), pools, budgets, classes);
            }
        }
        return new TrustedPools(keys, minShareBits, maxTokensPerMinute, challengeTtlMs, budgets, classes);
    }

    private static PoolKey key(String part) {
        int eq = part.indexOf('=');
        if (eq < 0) {
            throw new ConfigException(SETTING + " entries are name[/kid]=<64 hex digits of the pool's Ed25519 public "
                    + "key>[@not_after], got '" + part + "'");
        }
        String id = part.substring(0, eq).strip();
        String value = part.substring(eq + 1).strip();
        int slash = id.indexOf('/');
        String name = slash < 0 ? id : id.substring(0, slash);
        String kid = slash < 0 ? "" : id.substring(slash + 1);
        if (!name.matches("[A-Za-z0-9._-]{1,128}")) {
            throw new ConfigException(SETTING + ": a pool name is 1…128 characters of letters, digits, '.', '_' "
                    + "or '-', got '" + name + "'");
        }
        if (slash >= 0 && !kid.matches(PoolKey.KID_PATTERN)) {
            throw new ConfigException(SETTING + ": the kid of pool " + name + " is 1…64 letters, digits, '.', '_' "
                    + "or '-', got '" + kid + "'");
        }
        int at = value.indexOf('@');
        String hex = at < 0 ? value : value.substring(0, at).strip();
        long notAfter = Long.MAX_VALUE;
        if (at >= 0) {
            String when = value.substring(at + 1).strip();
            try {
                notAfter = Instant.parse(when).toEpochMilli();
            } catch (DateTimeParseException | ArithmeticException e) {
                throw new ConfigException(SETTING + ": the not_after of pool " + name + " must be an ISO-8601 "
                        + "instant such as 2027-01-31T00:00:00Z, got '" + when + "'");
            }
        }
        if (!hex.matches("[0-9a-f]{64}")) {
            throw new ConfigException(SETTING + ": the public key of pool " + name + " must be 64 lower-case hex "
                    + "digits (32 bytes), got '" + hex + "'");
        }
        return new PoolKey(name, kid, HexFormat.of().parseHex(hex), notAfter);
    }

    private static void override(String part, Set<String> pools, Map<String, Integer> budgets,
            Map<String, AccessClass> classes) {
        int eq = part.indexOf('=');
        int dot = eq < 0 ? -1 : part.lastIndexOf('.', eq);
        if (eq < 0 || dot < 0) {
            throw new ConfigException(OVERRIDES + " entries are <pool>.max_class=<class> or "
                    + "<pool>.max_tokens_per_minute=<n>, got '" + part + "'");
        }
        String pool = part.substring(0, dot).strip();
        String setting = part.substring(dot + 1, eq).strip();
        String value = part.substring(eq + 1).strip();
        if (!pools.contains(pool)) {
            throw new ConfigException(OVERRIDES + " names pool '" + pool + "', which pools.trusted does not");
        }
        switch (setting) {
            case "max_class" -> {
                AccessClass c = AccessClass.fromWire(value).filter(v -> !v.atLeast(AccessClass.PARTNER))
                        .orElseThrow(() -> new ConfigException(OVERRIDES + ": " + pool + ".max_class must be low, "
                                + "work or miner, got '" + value + "'"));
                if (classes.put(pool, c) != null) {
                    throw new ConfigException(OVERRIDES + " sets " + pool + ".max_class twice");
                }
            }
            case "max_tokens_per_minute" -> {
                int n;
                try {
                    n = Integer.parseInt(value);
                } catch (NumberFormatException e) {
                    n = 0;
                }
                if (n < 1 || n > 1_000_000) {
                    throw new ConfigException(OVERRIDES + ": " + pool + ".max_tokens_per_minute must be 1…1000000, "
                            + "got '" + value + "'");
                }
                if (budgets.put(pool, n) != null) {
                    throw new ConfigException(OVERRIDES + " sets " + pool + ".max_tokens_per_minute twice");
                }
            }
            default -> throw new ConfigException(OVERRIDES + ": " + pool + "." + setting + " is not a setting (max_class "
                    + "or max_tokens_per_minute)");
        }
    }
}
