package org.pouw.p2p.policy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.pouw.crypto.Blake3;

/**
 * Which inbound link makes way when inbound slots are full and another peer dials (Bitcoin's eviction, issue 20
 * §4). An attacker can open many connections, but it cannot be better than the honest peers at every thing this
 * looks at at once, so some honest peers are always protected:
 *
 * <ol>
 *   <li>4 peers from distinct address groups, picked by a keyed hash of the group only this node knows, so an
 *       attacker cannot choose groups that will be kept;
 *   <li>the 8 with the lowest ping round trip (hard to fake: it is measured, and distance is physics);
 *   <li>the 4 that most recently relayed a new valid transaction, and the 4 that most recently relayed a new valid
 *       block (useful work the attacker would have to do for the network);
 *   <li>half of the rest, the longest connected (an attacker arriving now cannot be older).
 * </ol>
 *
 * Of the links left, the group with the most links loses its youngest. When no link is left unprotected, nobody
 * is evicted and the newcomer is refused.
 */
public final class InboundEviction {
    static final int PROTECT_BY_GROUP = 4;
    static final int PROTECT_BY_PING = 8;
    static final int PROTECT_BY_TX = 4;
    static final int PROTECT_BY_BLOCK = 4;

    private final byte[] key;

    /** @param key this node's secret (the address manager's bucket key serves), so protected groups are its own */
    public InboundEviction(byte[] key) {
        this.key = key.clone();
    }

    public <T> Optional<T> victim(List<EvictionCandidate<T>> inbound) {
        List<EvictionCandidate<T>> left = new ArrayList<>(inbound);
        // Stable starting order (connection age, then group), so equal keys never depend on the caller's order.
        left.sort(Comparator.comparing((EvictionCandidate<T> c) -> c.connectedAt())
                .thenComparing(c -> c.group().name()));
        protectOnePerGroup(left);
        protect(left, Comparator.comparing(EvictionCandidate::rttOrWorst), PROTECT_BY_PING);
        protect(left.stream().filter(c -> c.lastTxAt().getEpochSecond() > 0).toList(), left,
                Comparator.comparing((EvictionCandidate<T> c) -> c.lastTxAt()).reversed(), PROTECT_BY_TX);
        protect(left.stream().filter(c -> c.lastBlockAt().getEpochSecond() > 0).toList(), left,
                Comparator.comparing((EvictionCandidate<T> c) -> c.lastBlockAt()).reversed(), PROTECT_BY_BLOCK);
        protect(left, Comparator.comparing(EvictionCandidate::connectedAt), left.size() / 2);
        if (left.isEmpty()) {
            return Optional.empty();
        }
        Map<String, List<EvictionCandidate<T>>> byGroup = new LinkedHashMap<>();
        for (EvictionCandidate<T> candidate : left) {
            byGroup.computeIfAbsent(candidate.group().name(), g -> new ArrayList<>()).add(candidate);
        }
        List<EvictionCandidate<T>> largest = byGroup.values().stream()
                .max(Comparator.comparingInt((List<EvictionCandidate<T>> g) -> g.size())
                        .thenComparing(g -> youngest(g).connectedAt()))
                .orElseThrow();
        return Optional.of(youngest(largest).id());
    }

    private <T> void protectOnePerGroup(List<EvictionCandidate<T>> left) {
        Set<String> groups = new LinkedHashSet<>();
        left.forEach(c -> groups.add(c.group().name()));
        List<String> ranked = new ArrayList<>(groups);
        ranked.sort(Comparator.comparingLong(this::keyed));
        Set<String> chosen = new LinkedHashSet<>(ranked.subList(0, Math.min(PROTECT_BY_GROUP, ranked.size())));
        for (String group : chosen) {
            left.stream().filter(c -> c.group().name().equals(group)).findFirst().ifPresent(left::remove);
        }
    }

    private static <T> void protect(List<EvictionCandidate<T>> left, Comparator<EvictionCandidate<T>> best, int n) {
        protect(left, left, best, n);
    }

    private static <T> void protect(List<EvictionCandidate<T>> among, List<EvictionCandidate<T>> left,
            Comparator<EvictionCandidate<T>> best, int n) {
        List<EvictionCandidate<T>> ranked = new ArrayList<>(among);
        ranked.sort(best);
        ranked.subList(0, Math.min(n, ranked.size())).forEach(left::remove);
    }

    private static <T> EvictionCandidate<T> youngest(List<EvictionCandidate<T>> group) {
        return group.stream().max(Comparator.comparing(EvictionCandidate::connectedAt)).orElseThrow();
    }

    private long keyed(String group) {
        byte[] digest = Blake3.hash(key, group.getBytes(StandardCharsets.UTF_8));
        long value = 0;
        for (int i = 0; i < 8; i++) {
            value = (value << 8) | (digest[i] & 0xff);
        }
        return value;
    }
}
