package org.pouw.pool.share;

import java.util.HashMap;
import java.util.Map;

/**
 * The header hashes this pool process counted, each kept until its challenge expires (after which no header mined on
 * it is accepted anyway, so forgetting it opens nothing). Keyed on the decoded hash, so another spelling of the same
 * header (upper-case hex) is the same share. In memory: a restart forgets them, which persisting them (issue 23 §4)
 * is for.
 */
final class SeenShares {
    private final Map<String, Long> keptUntil = new HashMap<>();
    private long nextPruneMs;

    /** True the first time a hash is offered; false for every later offer while it is kept. */
    synchronized boolean firstTime(String hashHex, long keepUntilMs, long nowMs) {
        if (nowMs >= nextPruneMs) {
            keptUntil.values().removeIf(until -> until <= nowMs);
            nextPruneMs = nowMs + 10_000;
        }
        return keptUntil.putIfAbsent(hashHex, keepUntilMs) == null;
    }
}
