package org.pouw.node.http;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.pouw.core.PouwException;
import org.pouw.core.market.IdempotencyKey;
import org.pouw.core.market.IntentRecord;
import org.pouw.core.port.Storage;
import org.pouw.core.port.SweepStore;
import org.pouw.kinds.mltrain.MlTrainIntents;
import org.pouw.node.intents.IntentService;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Follows the open sweeps (issue 28 §3): once a second, for each, announces more verified tasks on the stream
 * ({@code ml.sweep.progress}), and once every task has ended posts the final retrain if its requester asked for one,
 * then closes it ({@code ml.sweep.finished}). Safe on several nodes sharing a database: each announcement and the close
 * are compare-and-sets ({@link SweepStore}), and the final retrain is posted under an idempotency key named after the
 * sweep, so a second node, or this one after a crash between posting and recording, gets the same intent back.
 *
 * <p>The final retrain trains the best configuration (highest mean held-out accuracy) on every record of the sweep's
 * dataset, with the spec's fee, reserved when it is posted: a requester whose balance no longer covers it gets
 * {@code ml.sweep.final_not_posted} naming the shortfall, and nothing else changes. A sweep that ended with a task
 * unverified or cancelled has no best configuration and no final retrain.
 */
public final class SweepProgress implements AutoCloseable {
    private static final Logger LOG = System.getLogger(SweepProgress.class.getName());
    static final long INTERVAL_MS = 1_000;
    /** Sweeps followed per pass, the oldest first; each costs a read of its tasks (at most 256). */
    private static final int PER_PASS = 64;

    private final Storage storage;
    private final IntentService intents;
    private final SweepEvents events;
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("pouw-sweeps").daemon(true).factory());

    SweepProgress(Storage storage, IntentService intents, SweepEvents events) {
        this.storage = storage;
        this.intents = intents;
        this.events = events;
    }

    public static SweepProgress start(Storage storage, IntentService intents, EventSignal signal,
                                      org.pouw.core.Clock clock) {
        SweepProgress progress = new SweepProgress(storage, intents, new SweepEvents(storage, signal, clock));
        progress.scheduler.scheduleWithFixedDelay(progress::passQuietly, INTERVAL_MS, INTERVAL_MS,
                TimeUnit.MILLISECONDS);
        return progress;
    }

    private void passQuietly() {
        try {
            pass();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "sweep pass failed, will retry: " + e.getMessage());
        }
    }

    /** One look at each open sweep. */
    public void pass() {
        for (String sweepId : storage.read(tx -> tx.sweeps().open(PER_PASS))) {
            follow(sweepId);
        }
    }

    private void follow(String sweepId) {
        Optional<SweepStore.Sweep> found = storage.read(tx -> tx.sweeps().find(sweepId));
        Optional<JsonNode> manifest = storage.blobs().get(sweepId).map(ApiJson.MAPPER::readTree);
        if (found.isEmpty() || manifest.isEmpty()) {
            return;
        }
        SweepStore.Sweep sweep = found.get();
        ObjectNode report = SweepReportJson.of(sweepId, manifest.get(), storage);
        int done = report.path("jobs_done").asInt();
        int total = report.path("jobs_total").asInt();
        if (done > sweep.jobsAnnounced()) {
            events.write(tx -> tx.sweeps().announce(sweepId, sweep.jobsAnnounced(), done)
                    ? List.of(SweepEvents.progress(sweepId, done, total)) : List.of());
        }
        String status = report.path("status").asString("");
        if (status.equals("running")) {
            return;
        }
        if (sweep.finalWanted() && sweep.finalIntentId().isEmpty() && sweep.finalNote().isEmpty()) {
            postFinal(sweep, manifest.get(), report);
        }
        long now = events.clock().millis();
        events.write(tx -> tx.sweeps().close(sweepId, now, sweep.finalWanted())
                ? List.of(SweepEvents.finished(sweepId, status, done, total)) : List.of());
    }

    private void postFinal(SweepStore.Sweep sweep, JsonNode manifest, ObjectNode report) {
        String sweepId = sweep.sweepId();
        String status = report.path("status").asString("");
        if (!status.equals("completed")) {
            String why = status.equals("cancelled") ? "the sweep was cancelled"
                    : "the sweep ended with tasks unverified, so it has no best configuration";
            notPosted(sweepId, why, why);
            return;
        }
        int best = report.path("best").asInt();
        ObjectNode merged = (ObjectNode) manifest.path("spec").deepCopy();
        for (Map.Entry<String, JsonNode> setting : manifest.path("configurations").get(best).properties()) {
            merged.set(setting.getKey(), setting.getValue());
        }
        String data = manifest.path("dataset_blob").asString("");
        IntentRecord record;
        try {
            MlTrainIntents.TaskBuilder builder = MlTaskSpec.parse(merged);
            record = intents.submitTrainingSpec(sweep.requester(), builder, data, data, null,
                    new IdempotencyKey("ml-sweep-final:" + sweepId, sweepId));
        } catch (PouwException e) {
            // the message (a balance, say) goes to the requester's report; the public stream gets its code
            notPosted(sweepId, e.getMessage(), "refused: " + e.problem().code());
            return;
        }
        String intentId = record.intent().intentId().hex();
        events.write(tx -> {
            tx.sweeps().recordFinal(sweepId, intentId, "configuration " + best + " trained on every record of "
                    + data + ", fee " + record.intent().fee() + " reserved");
            return List.of(SweepEvents.finalPosted(sweepId, best, intentId));
        });
    }

    private void notPosted(String sweepId, String note, String reason) {
        events.write(tx -> {
            tx.sweeps().recordFinal(sweepId, "", "not posted: " + note);
            return List.of(SweepEvents.finalNotPosted(sweepId, reason));
        });
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
