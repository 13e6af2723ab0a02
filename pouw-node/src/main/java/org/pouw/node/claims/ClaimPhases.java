package org.pouw.node.claims;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.pouw.core.market.ClaimWorkMarks;

/**
 * Where a grouped claim's time goes (issue 26, item 4: p99 under 10 ms at 1,000 claims/s on a durable server), for
 * a benchmark's print-out: each answered claim's wait for its group's turn, the group's wait for a connection, its
 * statements, its commit, the publication of its events, and the hand-over of the answer to the caller. A claim
 * coalescer built without one records nothing and reads no clock.
 */
public final class ClaimPhases {
    /** The phases, in the order a claim passes them. */
    public enum Phase {
        /** From the claim's arrival to the start of the group that serves it. */
        WAIT,
        /** The group's wait for a writer connection. */
        CONNECTION,
        /** The group's statements, up to its commit. */
        STATEMENTS,
        /** The commit (on a durable server: the wait for the disk). */
        COMMIT,
        /** Making the group's events readable, after the commit. */
        PUBLISH,
        /** From the publication to the caller having its answer. */
        ANSWER
    }

    private final ConcurrentLinkedQueue<long[]> samples = new ConcurrentLinkedQueue<>();

    /**
     * The instants of one group, marked by the thread that runs it; read by its callers after they were answered
     * (the answer's hand-over orders the reads after the writes).
     */
    public static final class Group implements ClaimWorkMarks {
        private long started;
        private long workStarted;
        private long workEnded;
        private long committed;
        private long published;

        /** A group starts now. */
        public static Group startingNow() {
            Group group = new Group();
            group.started = System.nanoTime();
            return group;
        }

        /** The transaction's work started (it holds a connection); a retried transaction marks again. */
        @Override
        public void workStarted() {
            workStarted = System.nanoTime();
        }

        /** The transaction's statements ended; its commit follows. */
        @Override
        public void workEnded() {
            workEnded = System.nanoTime();
        }

        /** The write returned committed. */
        public void committed() {
            committed = System.nanoTime();
            published = committed; // unless a publication follows
        }

        /** Its events were published. */
        public void published() {
            published = System.nanoTime();
        }
    }

    /** Records one answered claim that arrived at {@code arrivedNanos} and was served by {@code group}. */
    public void record(long arrivedNanos, Group group) {
        long answered = System.nanoTime();
        long workStarted = group.workStarted == 0 ? group.started : group.workStarted;
        long workEnded = group.workEnded == 0 ? workStarted : group.workEnded;
        samples.add(new long[] {group.started - arrivedNanos, workStarted - group.started, workEnded - workStarted,
                group.committed - workEnded, group.published - group.committed, answered - group.published});
    }

    /** Forgets what was recorded (after a warm-up). */
    public void clear() {
        samples.clear();
    }

    /** Each phase's p50, p99, p99.9 and mean in milliseconds, a line each (the tails are what issue 26 bounds). */
    public String describe() {
        List<long[]> all = new ArrayList<>(samples);
        StringBuilder out = new StringBuilder(String.format(Locale.ROOT, "claim phases over %,d claims:%n",
                all.size()));
        for (Phase phase : Phase.values()) {
            long[] times = all.stream().mapToLong(sample -> sample[phase.ordinal()]).sorted().toArray();
            out.append(String.format(Locale.ROOT, "  phase %-10s p50 %7.2f ms  p99 %7.2f ms  p999 %7.2f ms  mean %7.2f ms%n",
                    phase.name().toLowerCase(Locale.ROOT), at(times, 0.50), at(times, 0.99), at(times, 0.999),
                    times.length == 0 ? 0 : Arrays.stream(times).average().orElse(0) / 1e6));
        }
        return out.toString();
    }

    private static double at(long[] sorted, double quantile) {
        if (sorted.length == 0) {
            return 0;
        }
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(quantile * sorted.length) - 1)] / 1e6;
    }
}
