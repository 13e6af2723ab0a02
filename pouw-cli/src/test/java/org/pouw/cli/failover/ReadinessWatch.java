package org.pouw.cli.failover;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A node's {@code /readyz} asked every 100 ms while a fault runs, the answers counted by status (0: no answer at
 * all), so a scenario can assert what a load balancer would have seen during the fault.
 */
final class ReadinessWatch implements AutoCloseable {
    private final Map<Integer, Integer> statuses = new ConcurrentHashMap<>();
    private final AtomicBoolean watching = new AtomicBoolean(true);
    private final Thread watcher;

    private ReadinessWatch(ScenarioNode node) {
        watcher = Thread.ofVirtual().start(() -> {
            while (watching.get()) {
                int status;
                try {
                    status = node.get("/readyz").status();
                } catch (RuntimeException noAnswer) {
                    status = 0;
                }
                statuses.merge(status, 1, Integer::sum);
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
    }

    /** Starts watching {@code node}. */
    static ReadinessWatch of(ScenarioNode node) {
        return new ReadinessWatch(node);
    }

    /** Whether {@code status} was answered at least once so far. */
    boolean saw(int status) {
        return statuses.containsKey(status);
    }

    /** The answers so far, status → count. */
    Map<Integer, Integer> statuses() {
        return Map.copyOf(statuses);
    }

    /** Stops watching, once the check under way has ended. */
    @Override
    public void close() {
        watching.set(false);
        try {
            watcher.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
