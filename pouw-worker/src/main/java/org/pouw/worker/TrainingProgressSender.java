package org.pouw.worker;

import java.time.Duration;
import java.util.function.Supplier;
import org.pouw.client.NodeException;
import org.pouw.core.Clock;

/**
 * Sends an ml-train job's training progress (step and mini-batch loss) to the market while the prover trains, for
 * the task's live curve (docs/api.md, "Training progress"). The prover's thread only hands over its newest step;
 * a virtual thread sends the newest one whenever the market will hear it (it says when: one second at first), so
 * training never waits on the network and at most one report is in flight. Display only and best effort: a refusal
 * or an unreachable node costs a point of the curve, never the job; a lease refusal (409) or a 404 stops the
 * reports for good.
 */
final class TrainingProgressSender {
    /** How long {@link #finish} waits for a report in flight before the commitment goes out anyway. */
    static final Duration FINISH_WAIT = Duration.ofSeconds(2);
    private static final long AFTER_TROUBLE_MS = 1_000;

    private record Point(long step, double loss) {
    }

    private final MarketAccess market;
    private final String jobId;
    private final Supplier<String> leaseToken;
    private final Clock clock;
    private final Object lock = new Object();
    private Point pending;
    private boolean sending;
    private boolean closed;
    private boolean refused;
    /** By this machine's clock: the market hears no report of this lease sooner. */
    private long notBeforeMs;
    private Thread sender;

    TrainingProgressSender(MarketAccess market, String jobId, Supplier<String> leaseToken,
                           Clock clock) {
        this.market = market;
        this.jobId = jobId;
        this.leaseToken = leaseToken;
        this.clock = clock;
    }

    /** The prover trained {@code step}; returns at once. */
    void offer(long step, double loss) {
        if (!Double.isFinite(loss)) {
            return; // a diverged step has nothing to draw; the market would refuse it anyway
        }
        synchronized (lock) {
            if (closed || refused) {
                return;
            }
            pending = new Point(step, loss);
            if (sender == null) {
                sender = Thread.ofVirtual().name("progress-" + jobId).start(this::sendWhileTraining);
            }
            lock.notifyAll();
        }
    }

    /**
     * Training is over (the commitment is about to go out): waits, at most {@link #FINISH_WAIT}, for a report in
     * flight, then sends the newest step not yet sent if the market would hear it now. So the reports of a job
     * precede its commitment, and a run shorter than the spacing still shows its first step.
     */
    void finish() {
        Point last;
        synchronized (lock) {
            closed = true;
            lock.notifyAll();
            long until = clock.millis() + FINISH_WAIT.toMillis();
            while (sending && clock.millis() < until) {
                if (!await(Math.max(1, until - clock.millis()))) {
                    return;
                }
            }
            last = !sending && !refused && pending != null && clock.millis() >= notBeforeMs ? pending : null;
            pending = null;
        }
        if (last != null) {
            send(last);
        }
    }

    /** The job ended otherwise (abandoned, failed): nothing more is sent. */
    void close() {
        synchronized (lock) {
            closed = true;
            pending = null;
            lock.notifyAll();
        }
    }

    private void sendWhileTraining() {
        while (true) {
            Point point;
            synchronized (lock) {
                while (!closed && (pending == null || clock.millis() < notBeforeMs)) {
                    if (!await(pending == null ? 0 : Math.max(1, notBeforeMs - clock.millis()))) {
                        return;
                    }
                }
                if (closed) {
                    return;
                }
                point = pending;
                pending = null;
                sending = true;
            }
            try {
                send(point);
            } finally {
                synchronized (lock) {
                    sending = false;
                    lock.notifyAll();
                }
            }
        }
    }

    private void send(Point point) {
        long wait;
        try {
            wait = Math.max(0, market.reportProgress(jobId, leaseToken.get(), point.step(), point.loss()));
        } catch (NodeException e) {
            if (e.isRateLimited() || e.isTransient()) {
                wait = e.retryAfter().map(Duration::toMillis).orElse(AFTER_TROUBLE_MS);
            } else {
                synchronized (lock) {
                    refused = true; // the lease is gone, or the market will not show this job's progress
                    pending = null;
                }
                return;
            }
        }
        synchronized (lock) {
            notBeforeMs = clock.millis() + wait;
        }
    }

    /** Waits on the lock ({@code 0}: until notified); false when interrupted (the flag kept). Call holding it. */
    private boolean await(long ms) {
        try {
            lock.wait(ms);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
