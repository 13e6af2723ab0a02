package org.pouw.node.http;

import io.helidon.http.Status;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.pouw.core.Clock;
import org.pouw.core.PouwException;
import org.pouw.core.Problem;
import org.pouw.core.id.Did;
import org.pouw.core.id.IntentId;
import org.pouw.core.market.IntentDraft;
import org.pouw.core.market.RequesterCancellation;
import org.pouw.core.port.Storage;
import org.pouw.core.port.SweepStore;
import org.pouw.kinds.mltrain.MlTrainIntents;
import org.pouw.ml.MlException;
import org.pouw.ml.data.Dataset;
import org.pouw.ml.data.DatasetCodec;
import org.pouw.ml.sweep.SweepPlan;
import org.pouw.ml.task.TrainingTask;
import org.pouw.node.intents.IntentService;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Hyperparameter sweeps with cross-validation as jobs (issue 28 §3, docs/ml.md "Sweeps"): {@code POST /v1/ml/sweeps}
 * takes a stack task's {@code spec}, a list of configurations (each a few of the spec's settings changed) or a seeded
 * random {@code search} that draws them ({@link SweepSearchJson}), and K folds (or a hold-out split) of one uploaded
 * dataset, and posts one ordinary {@code ml-train} task per configuration and fold — each with its own fold datasets
 * and Merkle roots, its fee reserved as for any task, claimed, audited and paid like any other. Every task is built and
 * checked (the node's step limit included), and the requester's balance for all of them and the final retrain asked
 * for, before anything is stored or posted, so a bad sweep changes nothing; then the tasks, the manifest and the
 * sweep's row are written in one transaction, so a task the market refuses (or a crash) posts none of them.
 * {@code GET /v1/ml/sweeps/{id}} reads the tasks' states and verified quality and reports per configuration the mean
 * ± standard deviation of the held-out accuracy over its folds ({@link SweepReportJson}) and the best configuration
 * once every fold is verified; {@code GET /v1/ml/sweeps} lists the caller's own sweeps, newest first.
 * {@code POST /v1/ml/sweeps/{id}/cancel} cancels the tasks nobody has claimed, refunding their fees
 * ({@link RequesterCancellation}); {@link SweepProgress} follows the sweep to its end and its final retrain.
 * {@code POST /v1/ml/sweeps/{id}/final} asks for the final retrain of a sweep posted without one, while it runs or
 * after it ended.
 *
 * <p>The sweep itself is a small JSON manifest stored as a content-addressed blob owned by its requester (its key is
 * the sweep id): which task intent is which configuration and fold. Only its requester reads it; to anyone else the id
 * names nothing, like a task's.
 */
public final class MlSweepEndpoints implements Endpoints {
    static final int MAX_CONFIGURATIONS = 64;
    private static final int MAX_SWEEPS_PAGE = 100;
    /** The spec settings a configuration may change. */
    static final List<String> SWEPT = List.of("learning_rate", "momentum", "weight_decay", "batch", "warmup_steps",
            "cosine_floor", "clip", "seed");
    private static final List<String> FIELDS = List.of("spec", "configurations", "search", "folds", "hold_out_every",
            "dataset_blob", "final_retrain", "name");
    /** The longest name a sweep may carry: a label for its requester, shown as text (docs/console.md). */
    static final int MAX_NAME_CHARS = 200;

    private final IntentService intents;
    private final Storage storage;
    private final RequesterCancellation cancellations;
    private final SweepEvents events;

    public MlSweepEndpoints(IntentService intents, Storage storage, RequesterCancellation cancellations,
                            EventSignal signal, Clock clock) {
        this.intents = intents;
        this.storage = storage;
        this.cancellations = cancellations;
        this.events = new SweepEvents(storage, signal, clock);
    }

    @Override
    public void register(RouteTable routes) {
        routes.post("/v1/ml/sweeps", this::submit);
        routes.get("/v1/ml/sweeps", this::mine);
        routes.get("/v1/ml/sweeps/{id}", this::show);
        routes.post("/v1/ml/sweeps/{id}/cancel", this::cancel);
        routes.post("/v1/ml/sweeps/{id}/final", this::askFinal);
    }

    private record Planned(int configuration, int fold, TrainingTask task, Dataset train, Dataset heldOut) {
    }

    private void submit(ApiCall call) {
        String requester = call.caller();
        RequestBody body = call.body(FIELDS);
        JsonNode spec = body.node("spec");
        if (!spec.isObject()) {
            throw PouwException.invalid("spec", "must be a JSON object (a stack task's spec, as POST /v1/ml/tasks takes)");
        }
        if (body.has("configurations") == body.has("search")) {
            throw PouwException.invalid("configurations", "give either configurations or a search, not "
                    + (body.has("search") ? "both" : "neither"));
        }
        JsonNode configurations = body.has("search") ? SweepSearchJson.draw(body.node("search"))
                : body.node("configurations");
        if (!configurations.isArray() || configurations.isEmpty() || configurations.size() > MAX_CONFIGURATIONS) {
            throw PouwException.invalid("configurations", "must be a list of 1 to " + MAX_CONFIGURATIONS
                    + " objects, each changing some of " + String.join(", ", SWEPT));
        }
        int folds = (int) inRange(body, "folds", 1, SweepPlan.MAX_FOLDS, 5);
        int holdOutEvery = folds == 1 ? (int) inRange(body, "hold_out_every", 2, 100, 5) : folds;
        if ((long) configurations.size() * folds > SweepPlan.MAX_JOBS) {
            throw PouwException.invalid("folds", configurations.size() + " configurations × " + folds + " folds is "
                    + (long) configurations.size() * folds + " tasks; a sweep posts at most " + SweepPlan.MAX_JOBS);
        }
        String datasetBlob = body.string("dataset_blob");
        if (!storage.read(tx -> tx.blobOwners().owns(datasetBlob, requester))) {
            throw new PouwException(Problem.NOT_FOUND, "dataset_blob", "no dataset " + datasetBlob
                    + " uploaded by the caller; upload it with POST /v1/ml/datasets first");
        }
        Dataset data = dataset(datasetBlob);
        if (data.size() < 2L * holdOutEvery) {
            throw PouwException.invalid("dataset_blob", "holds " + data.size() + " records; " + holdOutEvery
                    + "-way splits need at least " + 2 * holdOutEvery);
        }

        boolean finalRetrain = finalRetrain(body);
        String name = body.string("name", "");
        if (name.length() > MAX_NAME_CHARS) {
            throw PouwException.invalid("name", "must be at most " + MAX_NAME_CHARS + " characters, got "
                    + name.length());
        }
        List<Planned> planned = plan(spec, configurations, folds, holdOutEvery, data);
        long total = planned.stream().mapToLong(p -> p.task().fee()).sum();
        long finalFee = 0;
        if (finalRetrain) {
            // every configuration's final task is checked now (which one is best is known only at the end)
            finalFee = checkFinals(spec, configurations, data);
        }
        long balance = storage.read(tx -> tx.ledger().balance(requester));
        if (balance < total + finalFee) {
            throw new PouwException(Problem.INSUFFICIENT_FUNDS, "spec.fee", "the sweep's " + planned.size()
                    + " tasks reserve " + total + " in all" + (finalRetrain ? " and its final retrain " + finalFee
                    + " more" : "") + "; the account holds " + balance);
        }

        List<IntentDraft> drafts = new ArrayList<>(planned.size());
        for (Planned p : planned) {
            drafts.add(intents.trainingDraft(requester, p.task().encode(), store(requester, p.train()),
                    store(requester, p.heldOut())));
        }
        ObjectNode manifest = ApiJson.object();
        manifest.put("kind", "ml-sweep");
        if (!name.isEmpty()) {
            manifest.put("name", name); // absent when not given: a nameless sweep's manifest is as before
        }
        manifest.put("requester", requester);
        manifest.put("folds", folds);
        manifest.put("hold_out_every", folds == 1 ? holdOutEvery : 0);
        manifest.put("dataset_blob", datasetBlob);
        manifest.set("spec", spec);
        manifest.set("configurations", configurations);
        if (body.has("search")) {
            manifest.set("search", body.node("search"));
        }
        long now = events.clock().millis();
        String[] sweepId = new String[1];
        // the tasks, the manifest naming them and the sweep's row in ONE transaction: a task the market refuses (the
        // requester's open-work cap, a balance spent meanwhile) leaves nothing posted, and a crash can not leave
        // tasks with reserved fees and no sweep
        intents.openAll("tasks", drafts, (tx, opened) -> {
            ArrayNode jobs = manifest.putArray("jobs");
            for (int i = 0; i < planned.size(); i++) {
                Planned p = planned.get(i);
                jobs.add(ApiJson.object().put("configuration", p.configuration()).put("fold", p.fold())
                        .put("intent_id", opened.get(i).intent().intentId().hex())
                        .put("task_id", p.task().id().hex()).put("fee", p.task().fee()));
            }
            sweepId[0] = tx.blobs().put(ApiJson.bytes(manifest));
            tx.blobOwners().add(sweepId[0], requester);
            tx.sweeps().add(sweepId[0], requester, planned.size(), finalRetrain, now);
            return List.of(SweepEvents.posted(sweepId[0], configurations.size(), folds, planned.size(), total,
                    finalRetrain));
        });
        ObjectNode out = SweepReportJson.of(sweepId[0], manifest, storage);
        out.put("fee_total", total);
        call.json(Status.CREATED_201, out);
    }

    private static boolean finalRetrain(RequestBody body) {
        if (!body.has("final_retrain")) {
            return false;
        }
        JsonNode flag = body.node("final_retrain");
        if (!flag.isBoolean()) {
            throw PouwException.invalid("final_retrain", "must be true or false");
        }
        return flag.booleanValue();
    }

    /**
     * The final retrain of each configuration — every record of {@code data}, both to train on and to score — checked
     * as a task is; its fee, the spec's, is what the balance must cover beside the folds'.
     */
    private long checkFinals(JsonNode spec, JsonNode configurations, Dataset data) {
        long fee = 0;
        for (int c = 0; c < configurations.size(); c++) {
            String field = "configurations[" + c + "]";
            TrainingTask task;
            try {
                task = merged(spec, configurations.get(c), field).build(data.root(), data.root());
            } catch (MlException e) {
                throw PouwException.invalid(field, e.getMessage());
            }
            intents.training().check(task, data, data, "final_retrain");
            fee = Math.max(fee, task.fee());
        }
        return fee;
    }

    private static long inRange(RequestBody body, String field, long min, long max, long fallback) {
        long value = body.integer(field, fallback);
        if (value < min || value > max) {
            throw PouwException.invalid(field, "must be in [" + min + ", " + max + "], got " + value);
        }
        return value;
    }

    /** Every task of the sweep, built and checked; a bad configuration is refused naming it. */
    private List<Planned> plan(JsonNode spec, JsonNode configurations, int folds, int k, Dataset data) {
        List<Planned> planned = new ArrayList<>();
        List<Dataset[]> splits = new ArrayList<>();
        for (int f = 0; f < folds; f++) {
            splits.add(SweepPlan.split(data, k, f));
        }
        for (int c = 0; c < configurations.size(); c++) {
            String field = "configurations[" + c + "]";
            MlTrainIntents.TaskBuilder builder = merged(spec, configurations.get(c), field);
            for (int f = 0; f < folds; f++) {
                Dataset[] split = splits.get(f);
                TrainingTask task;
                try {
                    task = builder.build(split[0].root(), split[1].root());
                } catch (MlException e) {
                    throw PouwException.invalid(field, e.getMessage());
                }
                if (task.hyperparameters().batchSize() > split[0].size()) {
                    throw PouwException.invalid(field, "batch " + task.hyperparameters().batchSize()
                            + " is larger than a fold's training set (" + split[0].size() + " records)");
                }
                // the node's step limit and the records' shape, before any fold's dataset is stored
                intents.training().check(task, split[0], split[1], field);
                planned.add(new Planned(c, f, task, split[0], split[1]));
            }
        }
        return planned;
    }

    /** The spec with one configuration's settings changed, as a task builder; refusals name the configuration. */
    private static MlTrainIntents.TaskBuilder merged(JsonNode spec, JsonNode configuration, String field) {
        if (!configuration.isObject()) {
            throw PouwException.invalid(field, "must be an object changing some of " + String.join(", ", SWEPT));
        }
        ObjectNode merged = (ObjectNode) spec.deepCopy();
        for (Map.Entry<String, JsonNode> setting : configuration.properties()) {
            if (!SWEPT.contains(setting.getKey())) {
                throw PouwException.invalid(field + "." + setting.getKey(), "cannot be swept (one of "
                        + String.join(", ", SWEPT) + ")");
            }
            merged.set(setting.getKey(), setting.getValue());
        }
        try {
            return MlTaskSpec.parse(merged);
        } catch (PouwException e) {
            throw PouwException.invalid(field, e.field() + ": " + e.getMessage());
        }
    }

    private String store(String requester, Dataset data) {
        String blob = intents.training().storeDataset(DatasetCodec.encode(data)).blob();
        storage.write(tx -> {
            tx.blobOwners().add(blob, requester);
            return null;
        });
        return blob;
    }

    private Dataset dataset(String blob) {
        byte[] bytes = storage.blobs().get(blob).orElseThrow(() -> PouwException.invalid("dataset_blob",
                "no dataset is stored as " + blob));
        try {
            return DatasetCodec.decode(bytes);
        } catch (MlException e) {
            throw PouwException.invalid("dataset_blob", "blob " + blob + " is not a dataset: " + e.getMessage());
        }
    }

    /**
     * The caller's own sweeps, newest first, a page at a time ({@code limit} 1–100, {@code cursor} the previous page's
     * {@code next_cursor}): how a client whose post got no answer finds the sweep it posted (a sweep is posted whole
     * or not at all, and has no idempotency key). Each row says how far the sweep is; its report is
     * {@code GET /v1/ml/sweeps/{id}}.
     */
    private void mine(ApiCall call) {
        int limit = (int) call.queryLong("limit", 20, 1, MAX_SWEEPS_PAGE);
        SweepStore.Place after = place(call.query("cursor", null));
        List<SweepStore.Sweep> sweeps = storage.read(tx -> tx.sweeps().requestedBy(call.caller(), after, limit));
        ObjectNode out = ApiJson.object();
        ArrayNode items = out.putArray("sweeps");
        for (SweepStore.Sweep sweep : sweeps) {
            items.add(ApiJson.object().put("sweep_id", sweep.sweepId()).put("jobs_total", sweep.jobsTotal())
                    .put("jobs_verified", sweep.jobsAnnounced()).put("following", sweep.open())
                    .put("final_retrain", sweep.finalWanted()).put("created_at_ms", sweep.createdAtMs()));
        }
        if (sweeps.size() == limit) {
            SweepStore.Sweep last = sweeps.getLast();
            out.put("next_cursor", last.createdAtMs() + "." + last.sweepId());
        } else {
            out.putNull("next_cursor");
        }
        call.json(out);
    }

    /** A {@code next_cursor} read back: "created_at_ms.sweep_id"; null for the first page. */
    private static SweepStore.Place place(String cursor) {
        if (cursor == null) {
            return null;
        }
        int dot = cursor.indexOf('.');
        try {
            if (dot > 0 && dot < cursor.length() - 1) {
                return new SweepStore.Place(Long.parseLong(cursor.substring(0, dot)), cursor.substring(dot + 1));
            }
        } catch (NumberFormatException e) {
            // named below
        }
        throw PouwException.invalid("cursor", "must be the next_cursor of the previous page, got '" + cursor + "'");
    }

    private void show(ApiCall call) {
        String id = call.pathParam("id");
        call.json(SweepReportJson.of(id, manifest(call.caller(), id), storage));
    }

    /** The caller's sweep, or 404 as if it did not exist: to anyone but its requester the id names nothing. */
    private JsonNode manifest(String requester, String id) {
        JsonNode manifest = storage.read(tx -> tx.blobOwners().owns(id, requester))
                ? storage.blobs().get(id).map(ApiJson.MAPPER::readTree).orElse(null) : null;
        if (manifest == null || !"ml-sweep".equals(manifest.path("kind").asString(""))
                || !requester.equals(manifest.path("requester").asString(""))) {
            throw PouwException.notFound("ml sweep " + id);
        }
        return manifest;
    }

    /**
     * Asks for the final retrain of a sweep posted without {@code final_retrain}, while it runs or after it ended: the
     * same checks as at posting (every configuration's final task, the balance for its fee), then the sweep's row says
     * it is wanted and {@link SweepProgress} follows the sweep again, posting the retrain once every task is verified
     * (within a second for a sweep that already completed). 404 for a sweep that is not the caller's; 409 when a final
     * retrain was asked for already, or when the sweep ended cancelled or with tasks unverified (no best
     * configuration); 402 naming {@code spec.fee} when the balance does not cover it.
     */
    private void askFinal(ApiCall call) {
        String requester = call.caller();
        String id = call.pathParam("id");
        JsonNode manifest = manifest(requester, id);
        SweepStore.Sweep sweep = storage.read(tx -> tx.sweeps().find(id))
                .orElseThrow(() -> PouwException.notFound("ml sweep " + id));
        if (sweep.finalWanted()) {
            throw new PouwException(Problem.CONFLICT, "id", "the final retrain of sweep " + id
                    + " was asked for already; its report's final says what became of it");
        }
        String status = SweepReportJson.of(id, manifest, storage).path("status").asString("");
        if (status.equals("cancelled") || status.equals("finished_with_failures")) {
            throw new PouwException(Problem.CONFLICT, "id", "sweep " + id + " ended " + status
                    + ", so it has no best configuration to retrain");
        }
        Dataset data = dataset(manifest.path("dataset_blob").asString(""));
        long fee = checkFinals(manifest.path("spec"), manifest.path("configurations"), data);
        long balance = storage.read(tx -> tx.ledger().balance(requester));
        if (balance < fee) {
            throw new PouwException(Problem.INSUFFICIENT_FUNDS, "spec.fee", "the final retrain reserves " + fee
                    + " when it is posted; the account holds " + balance);
        }
        if (!storage.write(tx -> tx.sweeps().wantFinal(id))) {
            throw new PouwException(Problem.CONFLICT, "id", "the final retrain of sweep " + id
                    + " was asked for already; its report's final says what became of it");
        }
        call.json(SweepReportJson.of(id, manifest, storage));
    }

    /**
     * Cancels the sweep's tasks nobody has claimed, each fee refunded once; tasks under lease finish and are paid.
     * 404 for a sweep that is not the caller's, 409 when nothing is left to cancel (a second cancel among them).
     */
    private void cancel(ApiCall call) {
        String requester = call.caller();
        String id = call.pathParam("id");
        JsonNode manifest = manifest(requester, id);
        List<IntentId> intentIds = new ArrayList<>();
        for (JsonNode job : manifest.path("jobs")) {
            intentIds.add(IntentId.of(job.path("intent_id").asString("")));
        }
        RequesterCancellation.Outcome outcome = cancellations.cancelUnclaimed(Did.of(requester), intentIds,
                "ml sweep " + id + " cancelled", done -> SweepEvents.cancelled(id, done));
        ObjectNode out = SweepReportJson.of(id, manifest, storage);
        ArrayNode seqs = out.putObject("cancel").put("jobs_cancelled", outcome.cancelled().size())
                .put("refunded", outcome.refunded()).put("jobs_running", outcome.running().size())
                .putArray("ledger_seqs");
        outcome.ledgerSeqs().forEach(seqs::add);
        call.json(out);
    }
}
