package org.pouw.cli.stark;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Calls {@link ProveProgress#refresh} a few times a second on a daemon thread, so a bar's elapsed time keeps moving
 * through phases that report nothing for seconds (committing the composition of a 2^16-hash chain takes about 4 s
 * on two cores). The displays do their own rate limiting; this only gives them the chance.
 */
final class RedrawTicker implements AutoCloseable {
    static final long PERIOD_MILLIS = 250;

    private final ScheduledExecutorService timer;

    private RedrawTicker(ScheduledExecutorService timer) {
        this.timer = timer;
    }

    static RedrawTicker start(ProveProgress progress) {
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "pouw-progress");
            thread.setDaemon(true);
            return thread;
        });
        timer.scheduleAtFixedRate(progress::refresh, PERIOD_MILLIS, PERIOD_MILLIS, TimeUnit.MILLISECONDS);
        return new RedrawTicker(timer);
    }

    @Override
    public void close() {
        timer.shutdownNow();
        try {
            // A redraw still running must land before the final line, not after it.
            timer.awaitTermination(1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
