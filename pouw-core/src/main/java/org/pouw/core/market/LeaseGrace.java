package org.pouw.core.market;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * When this node refused lease holders for its own reasons (issue 18, defect 1): a 503 to a holder's lease call
 * (busy, or a failing database), and stretches when its database did not answer at all. A lease that ran out in
 * such a stretch was not its holder's doing: it is excused — still good for its holder's calls, extended by the
 * reaper instead of ended — for {@code graceMs} after the latest refusal, and counts for nothing.
 *
 * <p>The record lives in this node's memory only: a node that restarts forgets it (the leases then lapse as usual),
 * and on several nodes behind one database the node that refused is not always the one that reaps. The map is
 * bounded: when full, refusals older than the grace are dropped, since they can excuse nothing any more.
 */
public final class LeaseGrace {
    private static final int MAX_HOLDERS = 100_000;

    private final long graceMs;
    private final Map<String, Long> refusedAt = new ConcurrentHashMap<>();
    private final AtomicLong outageAt = new AtomicLong(Long.MIN_VALUE);
    private final Set<String> extendedLeases = ConcurrentHashMap.newKeySet();

    public LeaseGrace(long graceMs) {
        if (graceMs <= 0) {
            throw new IllegalArgumentException("lease_grace_ms must be > 0, got " + graceMs);
        }
        this.graceMs = graceMs;
    }

    public long graceMs() {
        return graceMs;
    }

    /** The node turned {@code holder}'s call away (503) at {@code atMs}. */
    public void refused(String holder, long atMs) {
        if (refusedAt.size() >= MAX_HOLDERS) {
            refusedAt.values().removeIf(at -> at < atMs - graceMs);
            if (refusedAt.size() >= MAX_HOLDERS) {
                refusedAt.clear(); // a flood of distinct holders; forgetting errs towards counting lapses
            }
        }
        refusedAt.merge(holder, atMs, Math::max);
    }

    /** The node could not reach its database at {@code atMs}: every holder was refused. */
    public void outage(long atMs) {
        outageAt.accumulateAndGet(atMs, Math::max);
    }

    /**
     * The moment until which a lease of {@code holder} that ran out at {@code expiredAtMs} stays excused: the latest
     * refusal at or after {@code expiredAtMs - graceMs}, plus the grace; {@code Long.MIN_VALUE} when none excuses it.
     */
    public long excusedUntil(String holder, long expiredAtMs) {
        long latest = Math.max(outageAt.get(), refusedAt.getOrDefault(holder, Long.MIN_VALUE));
        if (latest == Long.MIN_VALUE || latest < expiredAtMs - graceMs) {
            return Long.MIN_VALUE;
        }
        return latest + graceMs;
    }

    /** Whether a lease of {@code holder} that ran out at {@code expiredAtMs} is still excused at {@code nowMs}. */
    public boolean excuses(String holder, long expiredAtMs, long nowMs) {
        return nowMs <= excusedUntil(holder, expiredAtMs);
    }

    /** The reaper extended the lease with this token by grace; its lapse then still counts for nothing. */
    void extended(String leaseToken) {
        if (extendedLeases.size() >= MAX_HOLDERS) {
            extendedLeases.clear();
        }
        extendedLeases.add(leaseToken);
    }

    /** Whether the lease with this token was extended by grace (and forgets it: a lease lapses once). */
    boolean wasExtended(String leaseToken) {
        return extendedLeases.remove(leaseToken);
    }
}
