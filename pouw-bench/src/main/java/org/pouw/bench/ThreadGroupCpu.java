package org.pouw.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Predicate;

/**
 * CPU time of the live platform threads whose names a predicate picks — to split a process's CPU between, say, a
 * benchmark's client threads and the node it drives in the same JVM. Virtual threads are counted on their carrier
 * threads ({@code ForkJoinPool-…}), so a predicate on names sorts them by where they ran. A thread that ends between
 * two snapshots loses its CPU time; pick threads that live through the measurement (pools).
 */
public final class ThreadGroupCpu {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private final Predicate<String> names;
    private Map<Long, Long> start = Map.of();

    public ThreadGroupCpu(Predicate<String> names) {
        this.names = names;
    }

    /** Remembers every picked thread's CPU time now. */
    public void begin() {
        start = snapshot();
    }

    /** CPU nanoseconds the picked threads used since {@link #begin}, threads started since counted from zero. */
    public long nanosSinceBegin() {
        long total = 0;
        for (Map.Entry<Long, Long> now : snapshot().entrySet()) {
            total += now.getValue() - start.getOrDefault(now.getKey(), 0L);
        }
        return total;
    }

    private Map<Long, Long> snapshot() {
        Map<Long, Long> cpu = new HashMap<>();
        for (Thread thread : Thread.getAllStackTraces().keySet()) {
            if (!thread.isVirtual() && names.test(thread.getName())) {
                long nanos = THREADS.getThreadCpuTime(thread.threadId());
                if (nanos >= 0) {
                    cpu.put(thread.threadId(), nanos);
                }
            }
        }
        return cpu;
    }
}
