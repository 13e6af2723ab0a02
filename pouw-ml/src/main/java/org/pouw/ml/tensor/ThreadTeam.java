package org.pouw.ml.tensor;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * A fixed team of threads that runs an index range in contiguous chunks and returns when all are done.
 *
 * <p>Determinism: the team only ever decides <em>which thread</em> computes an output element, never how. Every
 * kernel given to {@link #forRange} computes each element from its own fixed-order chain of operations, so the
 * result is bit-identical for any thread count and any assignment of chunks to threads (tests check 1, 2 and 3
 * threads).
 *
 * <p>Scheduling: a range is cut into a few chunks per thread, and each thread — the caller first — owns a contiguous
 * block of them, which it claims in order from a counter of that block; when its own block is done it takes what is
 * left of the others'. So in consecutive regions over the same range (a batch's samples, layer after layer) a thread
 * computes the same rows it computed before, which are still in its core's cache; with one shared counter the rows
 * changed hands from region to region and half of each layer's input came from the other core. On a machine shared
 * with other work a helper may be descheduled; the caller then simply takes its chunks instead of waiting for it.
 * Helpers spin briefly before parking, because a training step dispatches many ranges each well under a
 * millisecond.
 *
 * <p>Small regions stay on the caller: {@link #shares(long)} tells a kernel whether a region of a given amount of work
 * is worth a hand-off at all. A hand-off wakes a helper that may have parked since the last region, and the rows a
 * part writes (weights, their gradients, the optimiser's slots) are left in that core's cache for whichever thread
 * claims them next. For a model whose whole step is well under a millisecond that cost more than the second core
 * gave: the MNIST MLP trained at 2,045 steps/s on one thread and 1,451 on two (quiet machine) while it still split its
 * first layer and its optimiser update (docs/ml.md §7, "Two threads for the MNIST MLP").
 *
 * <p>One caller at a time: a team is not re-entrant and must not be shared by concurrent callers (a node
 * verifying several jobs at once gives each its own team, or uses {@link #single()}).
 */
public final class ThreadTeam implements AutoCloseable {
    private static final long HELPER_SPIN_NANOS = 50_000;
    private static final long CALLER_SPIN_NANOS = 20_000;
    private static final int CHUNKS_PER_THREAD = 4;
    /** Ints between two threads' chunk counters: 64 bytes. */
    private static final int COUNTER_STRIDE = 16;
    /**
     * Regions under this many multiply-adds (or their equivalent in time) run on the caller. 2^23 is about 0.4–0.8 ms
     * of dense products on one core, so a split saves some hundreds of µs against a hand-off of some tens; the
     * MNIST MLP's largest region, its first layer's product (784 × 128 for 64 records: 6.4 M), stays below it.
     */
    private static final long MIN_SHARED_WORK = 1L << 23;
    private static final ThreadTeam SINGLE = new ThreadTeam(1, MIN_SHARED_WORK, null);

    private final int threads;
    private final long minSharedWork;
    private final Thread[] helpers;
    /** Non-null for a {@link #profiling} team: regions cut as for {@code threads} threads, run on the caller. */
    private final RegionProfile profile;
    /** Non-null for a {@link #timingChunks} team: each chunk's CPU time recorded by its region's site. */
    private final ChunkTimes chunkTimes;
    private volatile Region current;
    private volatile long generation;
    private volatile boolean closed;

    /** One {@link #forRange} call: late helpers that still hold an old region find no chunks left in it. */
    private static final class Region {
        final RangeTask task;
        final int length;
        final int chunks;
        final int threads;
        /** Per thread's block of chunks, its next unclaimed chunk, one cache line apart (no false sharing). */
        final AtomicIntegerArray next;
        final AtomicInteger done = new AtomicInteger();
        final AtomicReference<Throwable> failure = new AtomicReference<>();
        final ChunkTimes times;
        final String site;

        Region(RangeTask task, int length, int chunks, int threads, ChunkTimes times) {
            this.task = task;
            this.length = length;
            this.chunks = chunks;
            this.threads = threads;
            this.next = new AtomicIntegerArray(threads * COUNTER_STRIDE);
            for (int t = 0; t < threads; t++) {
                next.set(t * COUNTER_STRIDE, blockStart(t));
            }
            this.times = times;
            this.site = times == null ? null : times.siteOrNull();
        }

        /** The first chunk of thread t's block: the blocks are contiguous and in thread order. */
        int blockStart(int t) {
            return (int) ((long) chunks * t / threads);
        }

        /** Thread {@code self}'s own block first, then what is left of the others' (a late thread's chunks). */
        void work(int self) {
            for (int k = 0; k < threads; k++) {
                int block = (self + k) % threads;
                int end = blockStart(block + 1);
                int chunk;
                while ((chunk = next.getAndIncrement(block * COUNTER_STRIDE)) < end) {
                    run(chunk);
                }
            }
        }

        private void run(int chunk) {
            try {
                int from = (int) ((long) length * chunk / chunks);
                int to = (int) ((long) length * (chunk + 1) / chunks);
                if (times == null) {
                    task.run(from, to);
                } else {
                    times.run(site, task, from, to);
                }
            } catch (Throwable t) {
                failure.compareAndSet(null, t);
            } finally {
                done.incrementAndGet();
            }
        }
    }

    private ThreadTeam(int threads, long minSharedWork, RegionProfile profile) {
        this(threads, minSharedWork, profile, null);
    }

    private ThreadTeam(int threads, long minSharedWork, RegionProfile profile, ChunkTimes chunkTimes) {
        this.threads = threads;
        this.minSharedWork = minSharedWork;
        this.profile = profile;
        this.chunkTimes = chunkTimes;
        this.helpers = new Thread[profile == null ? threads - 1 : 0];
        for (int i = 0; i < helpers.length; i++) {
            int self = i + 1;
            helpers[i] = Thread.ofPlatform().daemon().name("pouw-ml-team-" + self).unstarted(() -> helperLoop(self));
            helpers[i].start();
        }
    }

    /** A team of {@code threads} threads, the caller being one of them; 1 means everything runs on the caller. */
    public static ThreadTeam of(int threads) {
        requireThreads(threads);
        return threads == 1 ? SINGLE : new ThreadTeam(threads, MIN_SHARED_WORK, null);
    }

    /**
     * A team that decides everything as a team of {@code profile.threads()} would — which regions to share, how to cut
     * them — but runs every chunk on the caller and has {@code profile} time it: what a step leaves on one thread,
     * measured in thread CPU time (benchmarks; the bits are those of any team).
     */
    public static ThreadTeam profiling(RegionProfile profile) {
        return new ThreadTeam(profile.threads(), MIN_SHARED_WORK, profile);
    }

    /**
     * An ordinary team of {@code threads} that also has {@code times} record each chunk's CPU time by its region's
     * site (benchmarks: which parts cost more CPU time on two threads than on one).
     */
    public static ThreadTeam timingChunks(int threads, ChunkTimes times) {
        requireThreads(threads);
        return new ThreadTeam(threads, MIN_SHARED_WORK, null, times);
    }

    /**
     * A team whose {@link #shares(long)} answers yes for any work, so every region that can be cut is cut: for tests
     * that show a kernel's bits do not depend on the split, with models small enough to run quickly.
     */
    public static ThreadTeam sharingEveryRegion(int threads) {
        requireThreads(threads);
        return new ThreadTeam(threads, 0, null);
    }

    private static void requireThreads(int threads) {
        if (threads < 1 || threads > 256) {
            throw new IllegalArgumentException("threads must be in [1, 256], got " + threads);
        }
    }

    /** The shared single-thread team; closing it does nothing. */
    public static ThreadTeam single() {
        return SINGLE;
    }

    public int threads() {
        return threads;
    }

    /**
     * Whether a region of about {@code work} multiply-adds (or as long a run of other work) is worth sharing out;
     * when not, its kernel runs it on the caller in one part. Which thread computes an element never changes its
     * bits, so this decides only the time.
     */
    public boolean shares(long work) {
        return threads > 1 && work >= minSharedWork;
    }

    /** Runs {@code task} over [0, n) in contiguous chunks; returns when all chunks are done. */
    public void forRange(int n, RangeTask task) {
        forRange(n, 1, task);
    }

    /**
     * Like {@link #forRange(int, RangeTask)} but keeps at least {@code minPerPart} indices in a chunk, so tiny
     * ranges run on the caller alone instead of paying the hand-off.
     */
    public void forRange(int n, int minPerPart, RangeTask task) {
        int chunks = Math.min(threads * CHUNKS_PER_THREAD, n / Math.max(1, minPerPart));
        if (profile != null) {
            profile.run(n, chunks, task);
            return;
        }
        if (threads == 1 || chunks <= 1 || closed) {
            if (n > 0) {
                task.run(0, n);
            }
            return;
        }
        Region region = new Region(task, n, chunks, threads, chunkTimes);
        current = region;
        generation++;
        for (Thread helper : helpers) {
            LockSupport.unpark(helper);
        }
        region.work(0);
        long yieldAfter = System.nanoTime() + CALLER_SPIN_NANOS;
        while (region.done.get() != chunks) {
            // Only chunks a helper already claimed are outstanding; if it was descheduled, give the core away.
            if (System.nanoTime() < yieldAfter) {
                Thread.onSpinWait();
            } else {
                Thread.yield();
            }
        }
        Throwable failure = region.failure.get();
        if (failure instanceof RuntimeException runtime) {
            throw runtime;
        }
        if (failure instanceof Error error) {
            throw error;
        }
    }

    private void helperLoop(int self) {
        long seen = 0;
        while (true) {
            long deadline = System.nanoTime() + HELPER_SPIN_NANOS;
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
            current.work(self);
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
