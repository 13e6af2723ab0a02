package org.pouw.ml.tensor;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * The CPU time every thread of a {@link ThreadTeam#timingChunks} team spends in the chunks of each region, by the
 * region's site: beside a {@link RegionProfile} of one thread it shows whether a part costs more CPU time when two
 * threads run at once (memory traffic, lines moving between the cores' caches) — a loss that neither the serial share
 * nor the imbalance explains, and one that a loaded machine, which delays a thread but hardly changes its CPU time
 * for a given part, does not hide. For benchmarks, not for a node.
 */
public final class ChunkTimes {
    private final ThreadMXBean clock = ManagementFactory.getThreadMXBean();
    private final Map<String, LongAdder> bySite = new ConcurrentHashMap<>();
    private final LongAdder total = new LongAdder();
    private volatile boolean on;

    public ChunkTimes() {
        if (!clock.isCurrentThreadCpuTimeSupported()) {
            throw new IllegalStateException("this JVM does not give a thread's CPU time");
        }
    }

    /** Starts or stops recording (a benchmark leaves its warm-up steps out). */
    public void recording(boolean on) {
        this.on = on;
    }

    /** The site a region of the caller's is recorded under, or null when not recording. */
    String siteOrNull() {
        return on ? RegionProfile.site() : null;
    }

    /** Runs one chunk of a region at {@code site}, adding its CPU time when {@code site} is not null. */
    void run(String site, RangeTask task, int from, int to) {
        if (site == null) {
            task.run(from, to);
            return;
        }
        long start = clock.getCurrentThreadCpuTime();
        try {
            task.run(from, to);
        } finally {
            long took = clock.getCurrentThreadCpuTime() - start;
            bySite.computeIfAbsent(site, s -> new LongAdder()).add(took);
            total.add(took);
        }
    }

    /** CPU nanoseconds in chunks, every thread, since the start. */
    public long totalNanos() {
        return total.sum();
    }

    /** CPU nanoseconds in chunks by site. */
    public List<Map.Entry<String, Long>> sites() {
        List<Map.Entry<String, Long>> sites = new ArrayList<>();
        bySite.forEach((site, nanos) -> sites.add(Map.entry(site, nanos.sum())));
        return sites;
    }
}
