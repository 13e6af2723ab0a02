package org.pouw.bench.chain;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.Locale;
import org.pouw.chain.sim.ChainSimulation;

/**
 * What a long simulation run costs as it goes (docs/chain.md §10): wall time since the JVM started, the CPU time of
 * the simulating thread (the simulation runs on one), and the heap — so a run of tens of minutes on a shared machine
 * shows where it is, and its heap can be sized from what it printed.
 */
final class RunMeter {
    private static final long START_NANOS = System.nanoTime();

    private RunMeter() {
    }

    /** A progress listener printing one line to standard error per report. */
    static ChainSimulation.Progress progress(String scenario) {
        return (height, simulatedMs) -> System.err.printf(Locale.ROOT,
                "%s: height %d, %.1f simulated h, wall %.0f s, CPU %.0f s, heap %d MB%n", scenario, height,
                simulatedMs / 3.6e6, wallSeconds(), cpuSeconds(), heapUsedMb());
    }

    /** The run's wall and CPU time and the peak of the heap's pools, for the end of the report. */
    static String summary() {
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        return String.format(Locale.ROOT,
                "run: wall %.0f s, CPU %.0f s (simulating thread), heap peak %d MB (sum of the pools' peaks) of %d MB",
                wallSeconds(), cpuSeconds(), peak >> 20, Runtime.getRuntime().maxMemory() >> 20);
    }

    private static double wallSeconds() {
        return (System.nanoTime() - START_NANOS) / 1e9;
    }

    private static double cpuSeconds() {
        return ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() / 1e9;
    }

    private static long heapUsedMb() {
        Runtime runtime = Runtime.getRuntime();
        return (runtime.totalMemory() - runtime.freeMemory()) >> 20;
    }
}
