package org.pouw.worker;

import java.io.PrintStream;
import java.util.concurrent.locks.ReentrantLock;
import org.pouw.core.Clock;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code --json}: each event as one JSON object on its own line, {@code {"event":"claimed","at_ms":…,…}}, with the
 * running totals on every event but progress. Field names follow the HTTP API's snake_case.
 */
final class JsonLinesDisplay implements WorkerDisplay {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final PrintStream out;
    private final Clock clock;
    private final ReentrantLock lock = new ReentrantLock();

    JsonLinesDisplay(PrintStream out, Clock clock) {
        this.out = out;
        this.clock = clock;
    }

    @Override
    public void show(WorkerEvent event, WorkerStats.Snapshot totals) {
        ObjectNode line = JSON.createObjectNode().put("event", event.name()).put("at_ms", clock.millis());
        switch (event) {
            case WorkerEvent.Started started -> {
                line.put("did", started.did()).put("node", started.node());
                started.kinds().forEach(line.putArray("kinds")::add);
                started.tiers().forEach(line.putArray("tiers")::add);
                line.put("concurrency", started.concurrency());
            }
            case WorkerEvent.Claimed claimed -> line.put("job_id", claimed.jobId()).put("kind", claimed.kind())
                    .put("tier", claimed.tier()).put("reward_budget", claimed.rewardBudget())
                    .put("attempt", claimed.attempt());
            case WorkerEvent.Progress progress -> line.put("job_id", progress.jobId()).put("kind", progress.kind())
                    .put("phase", progress.phase()).put("fraction", progress.fraction());
            case WorkerEvent.Submitted submitted -> line.put("job_id", submitted.jobId())
                    .put("kind", submitted.kind()).put("reward", submitted.reward())
                    .put("ledger_seq", submitted.ledgerSeq());
            case WorkerEvent.Rejected rejected -> line.put("job_id", rejected.jobId()).put("kind", rejected.kind())
                    .put("reason", rejected.reason()).put("detail", rejected.detail());
            case WorkerEvent.Failed failed -> line.put("job_id", failed.jobId()).put("kind", failed.kind())
                    .put("reason", failed.reason());
            case WorkerEvent.LeaseLost lost -> line.put("job_id", lost.jobId()).put("kind", lost.kind())
                    .put("reason", lost.reason());
            case WorkerEvent.Released released -> line.put("job_id", released.jobId())
                    .put("kind", released.kind()).put("reason", released.reason());
            case WorkerEvent.Backoff backoff -> line.put("cause", backoff.cause().wire())
                    .put("delay_ms", backoff.delayMs()).put("detail", backoff.detail());
            case WorkerEvent.Stopped stopped -> line.put("error", stopped.error());
        }
        if (!(event instanceof WorkerEvent.Progress)) {
            line.putObject("totals")
                    .put("claimed", totals.claimed())
                    .put("completed", totals.completed())
                    .put("rejected", totals.rejected())
                    .put("failed", totals.failed())
                    .put("leases_lost", totals.leasesLost())
                    .put("released", totals.released())
                    .put("total_reward", totals.totalReward());
        }
        String text = JSON.writeValueAsString(line);
        lock.lock();
        try {
            out.println(text);
            out.flush();
        } finally {
            lock.unlock();
        }
    }
}
