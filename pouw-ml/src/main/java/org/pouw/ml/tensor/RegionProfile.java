package org.pouw.ml.tensor;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a team of N threads could share of a training step, measured on one thread: the {@link ThreadTeam#profiling}
 * team cuts every region exactly as a team of N would, runs the chunks one after another on the caller and times each
 * in the caller's thread CPU time, which a loaded machine disturbs far less than wall time. Whatever runs outside a
 * split region (and a region too small to split) is the step's serial part; a split region's time on N threads is
 * modelled as the team schedules it (each thread its own block of parts, then the others' leftovers), so an imbalance
 * between the parts shows. The hand-off itself (waking a helper, waiting for its last chunk) is not in the model;
 * {@link #splitRegions()} counts how many a step pays.
 *
 * <p>For benchmarks, not for a node: one caller, no threads.
 */
public final class RegionProfile {
    private static final StackWalker WALKER = StackWalker.getInstance();

    private final int threads;
    private final ThreadMXBean clock = ManagementFactory.getThreadMXBean();
    private final Map<String, long[]> serialBySite = new LinkedHashMap<>();
    private final Map<String, long[]> splitBySite = new LinkedHashMap<>();
    private long lastMark;
    private String lastSite = "the step's start";
    private long serial;
    private long split;
    private long modelled;
    private long splitRegions;
    private long steps;
    private boolean inStep;

    /** A profile of what {@code threads} threads would share. */
    public RegionProfile(int threads) {
        if (threads < 2) {
            throw new IllegalArgumentException("a profile models at least 2 threads, got " + threads);
        }
        if (!clock.isCurrentThreadCpuTimeSupported()) {
            throw new IllegalStateException("this JVM does not give a thread's CPU time");
        }
        this.threads = threads;
    }

    public int threads() {
        return threads;
    }

    /** Marks a step's start: what runs from here to the first region is serial. */
    public void startStep() {
        lastMark = clock.getCurrentThreadCpuTime();
        lastSite = "the step's start";
        inStep = true;
    }

    /** Marks a step's end: what ran since the last region is serial. */
    public void endStep() {
        long now = clock.getCurrentThreadCpuTime();
        addSerial("after " + lastSite + ", to the step's end", now - lastMark);
        steps++;
        inStep = false;
    }

    /** Runs one region as {@link ThreadTeam#forRange} would cut it into {@code chunks} parts, timing each part. */
    void run(int n, int chunks, RangeTask task) {
        if (!inStep) {
            runUntimed(n, chunks, task);
            return;
        }
        // The profile's own bookkeeping (the stack walk, the labels) falls between the two clock readings, so it
        // is counted in neither the serial gap nor the region.
        long arrived = clock.getCurrentThreadCpuTime();
        String site = site();
        addSerial("after " + lastSite + ", before " + site, arrived - lastMark);
        long start = clock.getCurrentThreadCpuTime();
        if (chunks <= 1) {
            if (n > 0) {
                task.run(0, n);
            }
            long end = clock.getCurrentThreadCpuTime();
            addSerial(site + " (a region not split)", end - start);
            lastMark = clock.getCurrentThreadCpuTime();
            lastSite = site;
            return;
        }
        long[] took = new long[chunks];
        long sum = 0;
        long mark = start;
        for (int chunk = 0; chunk < chunks; chunk++) {
            task.run((int) ((long) n * chunk / chunks), (int) ((long) n * (chunk + 1) / chunks));
            long now = clock.getCurrentThreadCpuTime();
            took[chunk] = now - mark;
            mark = now;
            sum += took[chunk];
        }
        long makespan = span(took);
        long[] figures = splitBySite.computeIfAbsent(site, s -> new long[3]);
        figures[0] += sum;
        figures[1] += makespan;
        figures[2]++;
        split += sum;
        modelled += makespan;
        splitRegions++;
        lastMark = clock.getCurrentThreadCpuTime();
        lastSite = site;
    }

    /**
     * The parts' span on N threads as {@link ThreadTeam} schedules them: each thread its own contiguous block of parts
     * in order, then what is left of the others' blocks, the thread that comes free first claiming next.
     */
    private long span(long[] took) {
        int chunks = took.length;
        int[] next = new int[threads];
        int[] end = new int[threads];
        for (int t = 0; t < threads; t++) {
            next[t] = (int) ((long) chunks * t / threads);
            end[t] = (int) ((long) chunks * (t + 1) / threads);
        }
        long[] free = new long[threads];
        boolean[] finished = new boolean[threads];
        long makespan = 0;
        for (int left = threads; left > 0; ) {
            int self = -1;
            for (int t = 0; t < threads; t++) {
                if (!finished[t] && (self < 0 || free[t] < free[self])) {
                    self = t;
                }
            }
            int block = -1;
            for (int k = 0; k < threads && block < 0; k++) {
                int candidate = (self + k) % threads;
                if (next[candidate] < end[candidate]) {
                    block = candidate;
                }
            }
            if (block < 0) {
                finished[self] = true;
                left--;
                continue;
            }
            free[self] += took[next[block]++];
            makespan = Math.max(makespan, free[self]);
        }
        return makespan;
    }

    private static void runUntimed(int n, int chunks, RangeTask task) {
        if (chunks <= 1) {
            if (n > 0) {
                task.run(0, n);
            }
            return;
        }
        for (int chunk = 0; chunk < chunks; chunk++) {
            task.run((int) ((long) n * chunk / chunks), (int) ((long) n * (chunk + 1) / chunks));
        }
    }

    private void addSerial(String site, long nanos) {
        serialBySite.computeIfAbsent(site, s -> new long[1])[0] += nanos;
        serial += nanos;
    }

    /** The kernel that asked for the region and the layer (or trainer) that called it: the first two frames outside. */
    static String site() {
        List<String> frames = WALKER.walk(s -> s
                .filter(f -> !f.getClassName().startsWith(ThreadTeam.class.getName())
                        && !f.getClassName().equals(RegionProfile.class.getName())
                        && !f.getClassName().equals(ChunkTimes.class.getName())
                        && !f.getMethodName().startsWith("lambda$"))
                .limit(2)
                .map(f -> simpleName(f.getClassName()) + "." + f.getMethodName() + ":" + f.getLineNumber())
                .toList());
        return String.join(" < ", frames);
    }

    private static String simpleName(String className) {
        return className.substring(className.lastIndexOf('.') + 1);
    }

    public long steps() {
        return steps;
    }

    /** CPU nanoseconds of all profiled steps, the profile's own bookkeeping left out. */
    public long totalNanos() {
        return serial + split;
    }

    /** CPU nanoseconds outside split regions: what N threads cannot share. */
    public long serialNanos() {
        return serial;
    }

    /** CPU nanoseconds inside split regions. */
    public long splitNanos() {
        return split;
    }

    /** The split regions' time on N threads as the team schedules their chunks (no hand-off cost). */
    public long modelledSplitNanos() {
        return modelled;
    }

    public long splitRegions() {
        return splitRegions;
    }

    /** The step's time on N threads by the model: the serial part plus each split region's modelled span. */
    public long modelledNanos() {
        return serial + modelled;
    }

    /** Serial CPU nanoseconds by where they ran, largest first. */
    public List<Map.Entry<String, Long>> serialSites() {
        List<Map.Entry<String, Long>> sites = new ArrayList<>();
        serialBySite.forEach((site, nanos) -> sites.add(Map.entry(site, nanos[0])));
        sites.sort(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder()));
        return sites;
    }

    /** A split region's site: its CPU time, its modelled span on N threads and how often it ran. */
    public record SplitSite(String site, long nanos, long modelledNanos, long count) {
        /** The time lost to unequal parts: the span beyond a perfect split. */
        public long imbalanceNanos(int threads) {
            return modelledNanos - nanos / threads;
        }
    }

    /** Split regions by site, largest loss to unequal parts first. */
    public List<SplitSite> splitSites() {
        List<SplitSite> sites = new ArrayList<>();
        splitBySite.forEach((site, f) -> sites.add(new SplitSite(site, f[0], f[1], f[2])));
        sites.sort(Comparator.comparingLong((SplitSite s) -> s.imbalanceNanos(threads)).reversed());
        return sites;
    }
}
