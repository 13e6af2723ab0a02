package org.pouw.ml.tensor;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * A fixed team of threads that splits an index range into contiguous parts, one per thread, and waits for all.
 *
 * <p>Determinism: the team only ever decides <em>which thread</em> computes an output element, never how. Every
 * kernel given to {@link #forRange} computes each element from its own fixed-order chain of operations, so the
 * result is bit-identical for any thread count (tests check 1, 2 and 3 threads).
 *
 * <p>One caller at a time: a team is not re-entrant and must not be shared by concurrent callers (a node
 * verifying several jobs at once gives each its own team, or uses {@link #single()}).
 *
 * <p>Latency: a training step dispatches a handful of ranges each well under a millisecond, so the helpers
 * spin briefly before parking; an executor's queue hand-off would cost as much as the smaller kernels.
 */
public final class ThreadTeam implements AutoCloseable {
    private static final long SPIN_NANOS = 50_000;
    private static final long CALLER_SPIN_NANOS = 20_000;
    private static final ThreadTeam SINGLE = new ThreadTeam(1);

    private final int threads;
    private final Thread[] helpers;
    private final AtomicInteger pending = new AtomicInteger();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private volatile RangeTask task;
    private volatile int length;
    private volatile long generation;
    private volatile boolean closed;

    private ThreadTeam(int threads) {
        this.threads = threads;
        this.helpers = new Thread[threads - 1];
        for (int i = 0; i < helpers.length; i++) {
            int part = i + 1;
            helpers[i] = Thread.ofPlatform().daemon().name("pouw-ml-team-" + part).unstarted(() -> helperLoop(part));
            helpers[i].start();
        }
    }

    /** A team of {@code threads} threads, the caller being one of them; 1 means everything runs on the caller. */
    public static ThreadTeam of(int threads) {
        if (threads < 1 || threads > 256) {
            throw new IllegalArgumentException("threads must be in [1, 256], got " + threads);
        }
        return threads == 1 ? SINGLE : new ThreadTeam(threads);
    }

    /** The shared single-thread team; closing it does nothing. */
    public static ThreadTeam single() {
        return SINGLE;
    }

    public int threads() {
        return threads;
    }

    /** Runs {@code task} over [0, n) split into contiguous parts; returns when all parts are done. */
    public void forRange(int n, RangeTask task) {
        forRange(n, 1, task);
    }

    /**
     * Like {@link #forRange(int, RangeTask)} but keeps at least {@code minPerPart} indices in a part, so tiny ranges
     * run on the caller alone instead of paying the hand-off.
     */
    public void forRange(int n, int minPerPart, RangeTask task) {
        int parts = Math.min(threads, n / Math.max(1, minPerPart));
        if (parts <= 1 || closed) {
            if (n > 0) {
                task.run(0, n);
            }
            return;
        }
        if (parts < threads) {
            // Fewer parts than threads: run them here rather than waking helpers for a sliver each.
            runPartsInline(n, parts, task);
            return;
        }
        this.task = task;
        this.length = n;
        pending.set(helpers.length);
        generation++;
        for (Thread helper : helpers) {
            LockSupport.unpark(helper);
        }
        Throwable own = null;
        try {
            task.run(0, bound(0, n));
        } catch (Throwable t) {
            own = t;
        }
        long yieldAfter = System.nanoTime() + CALLER_SPIN_NANOS;
        while (pending.get() != 0) {
            // On a busy machine a helper may be descheduled: after a short spin, give the core away.
            if (System.nanoTime() < yieldAfter) {
                Thread.onSpinWait();
            } else {
                Thread.yield();
            }
        }
        this.task = null;
        Throwable helperFailure = failure.getAndSet(null);
        Throwable first = own != null ? own : helperFailure;
        if (first instanceof RuntimeException runtime) {
            throw runtime;
        }
        if (first instanceof Error error) {
            throw error;
        }
    }

    private void runPartsInline(int n, int parts, RangeTask task) {
        for (int p = 0; p < parts; p++) {
            int from = (int) ((long) n * p / parts);
            int to = (int) ((long) n * (p + 1) / parts);
            task.run(from, to);
        }
    }

    private int bound(int part, int n) {
        return (int) ((long) n * (part + 1) / threads);
    }

    private void helperLoop(int part) {
        long seen = 0;
        while (true) {
            long deadline = System.nanoTime() + SPIN_NANOS;
            while (generation == seen && !closed) {
                if (System.nanoTime() < deadline) {
                    Thread.onSpinWait();
                } else {
                    LockSupport.park(this);
                }
            }
            if (closed) {
                return;
            }
            seen = generation;
            int n = length;
            RangeTask current = task;
            try {
                int from = (int) ((long) n * part / threads);
                current.run(from, bound(part, n));
            } catch (Throwable t) {
                failure.compareAndSet(null, t);
            } finally {
                pending.decrementAndGet();
            }
        }
    }

    @Override
    public void close() {
        if (this == SINGLE) {
            return;
        }
        closed = true;
        for (Thread helper : helpers) {
            LockSupport.unpark(helper);
        }
    }
}
