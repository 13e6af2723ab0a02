package org.pouw.node.http;

import java.util.List;
import java.util.function.Function;
import org.pouw.core.Clock;
import org.pouw.core.event.EventData;
import org.pouw.core.event.EventDraft;
import org.pouw.core.market.RequesterCancellation;
import org.pouw.core.port.Storage;
import org.pouw.core.port.StoreTx;

/**
 * A sweep's events on the stream (docs/api.md "Event types"), beside its tasks' own {@code job.*} events:
 * {@code ml.sweep.posted}, {@code ml.sweep.progress} (more of its tasks verified), {@code ml.sweep.cancelled},
 * {@code ml.sweep.final_posted} or {@code ml.sweep.final_not_posted}, and {@code ml.sweep.finished} (every task ended).
 * They carry counts and ids only: the stream is public, a sweep's settings and scores are its requester's.
 */
final class SweepEvents {
    private final Storage storage;
    private final EventSignal signal;
    private final Clock clock;

    SweepEvents(Storage storage, EventSignal signal, Clock clock) {
        this.storage = storage;
        this.signal = signal;
        this.clock = clock;
    }

    Clock clock() {
        return clock;
    }

    /** Runs {@code change} in one transaction and appends the events it returns there; wakes the streams after. */
    void write(Function<StoreTx, List<EventDraft>> change) {
        long now = clock.millis();
        long seq = storage.write(tx -> {
            List<EventDraft> drafts = change.apply(tx);
            return drafts.isEmpty() ? -1L : tx.events().appendAll(drafts, now).getLast().seq();
        });
        if (seq >= 0) {
            signal.eventsAppended(seq); // 0 on PostgreSQL, which numbers at commit: wakes every stream to read
        }
    }

    static EventDraft posted(String sweepId, int configurations, int folds, int jobs, long feeTotal,
                             boolean finalRetrain) {
        return draft("ml.sweep.posted", EventData.of().put("sweep_id", sweepId).put("configurations", configurations)
                .put("folds", folds).put("jobs_total", jobs).put("fee_total", feeTotal)
                .put("final_retrain", finalRetrain));
    }

    static EventDraft progress(String sweepId, int done, int total) {
        return draft("ml.sweep.progress", EventData.of().put("sweep_id", sweepId).put("jobs_done", done)
                .put("jobs_total", total));
    }

    static EventDraft cancelled(String sweepId, RequesterCancellation.Outcome outcome) {
        return draft("ml.sweep.cancelled", EventData.of().put("sweep_id", sweepId)
                .put("jobs_cancelled", outcome.cancelled().size()).put("refunded", outcome.refunded())
                .put("jobs_running", outcome.running().size()));
    }

    static EventDraft finalPosted(String sweepId, int configuration, String intentId) {
        return draft("ml.sweep.final_posted", EventData.of().put("sweep_id", sweepId)
                .put("configuration", configuration).put("intent_id", intentId));
    }

    static EventDraft finalNotPosted(String sweepId, String why) {
        return draft("ml.sweep.final_not_posted", EventData.of().put("sweep_id", sweepId).put("reason", why));
    }

    static EventDraft finished(String sweepId, String status, int done, int total) {
        return draft("ml.sweep.finished", EventData.of().put("sweep_id", sweepId).put("status", status)
                .put("jobs_done", done).put("jobs_total", total));
    }

    private static EventDraft draft(String type, EventData data) {
        return new EventDraft(type, "", "", data.toString());
    }
}
