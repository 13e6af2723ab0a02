package org.pouw.node.pool;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import org.pouw.worker.WorkerDisplay;
import org.pouw.worker.WorkerEvent;
import org.pouw.worker.WorkerStats;

/**
 * Where the node's own workers report: the node's log, not a terminal. The routine (claims, progress, proofs paid,
 * an empty queue) is debug detail, since the events and metrics already tell it; what an operator should look at —
 * a proof rejected, a job given up or lost, a market that failed — is logged at info or warning.
 */
final class WorkerEventLog implements WorkerDisplay {
    private final Logger log;

    WorkerEventLog(String name) {
        this.log = System.getLogger(name);
    }

    @Override
    public void show(WorkerEvent event, WorkerStats.Snapshot totals) {
        Level level = levelOf(event);
        if (log.isLoggable(level)) {
            log.log(level, "own worker: " + event);
        }
    }

    private static Level levelOf(WorkerEvent event) {
        return switch (event) {
            case WorkerEvent.Rejected rejected -> Level.INFO;
            case WorkerEvent.Failed failed -> Level.INFO;
            case WorkerEvent.LeaseLost lost -> Level.INFO;
            case WorkerEvent.Released released -> Level.INFO;
            case WorkerEvent.Backoff backoff -> backoff.cause() == WorkerEvent.Cause.NO_JOBS ? Level.DEBUG
                    : Level.WARNING;
            case WorkerEvent.Stopped stopped -> stopped.error().isEmpty() ? Level.DEBUG : Level.WARNING;
            case WorkerEvent.Started started -> Level.DEBUG;
            case WorkerEvent.Claimed claimed -> Level.DEBUG;
            case WorkerEvent.Progress progress -> Level.TRACE;
            case WorkerEvent.Submitted submitted -> Level.DEBUG;
        };
    }
}
