package org.pouw.node.http;

import io.helidon.http.Status;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.pouw.core.PouwException;
import org.pouw.core.Problem;
import org.pouw.core.id.Hash32;
import org.pouw.core.id.IntentId;
import org.pouw.core.job.Intent;
import org.pouw.core.job.Job;
import org.pouw.core.job.JobQuery;
import org.pouw.core.job.JobStatus;
import org.pouw.core.market.IntentRecord;
import org.pouw.core.port.Storage;
import org.pouw.kinds.mltrain.MlTrainIntents;
import org.pouw.kinds.mltrain.MlTrainKind;
import org.pouw.kinds.mltrain.TrainedModel;
import org.pouw.node.intents.IntentService;
import tools.jackson.databind.node.ObjectNode;

/**
 * ML training tasks (issue 4, docs/ml.md): upload the datasets, post the task, follow it, fetch the trained model.
 * A task is an intent with one {@code ml-train} job, so it is funded, leased, audited, paid and listed like any
 * other; these endpoints add the ML-shaped views.
 */
public final class MlEndpoints implements Endpoints {
    private final IntentService intents;
    private final Storage storage;

    private static final int TASK_SCAN_PAGE = 500;

    public MlEndpoints(IntentService intents, Storage storage) {
        this.intents = intents;
        this.storage = storage;
    }

    @Override
    public void register(RouteTable routes) {
        routes.post("/v1/ml/datasets", this::uploadDataset);
        routes.post("/v1/ml/initial-states", this::uploadInitialState);
        routes.post("/v1/ml/tasks", this::submit);
        routes.get("/v1/ml/tasks/{id}", this::show);
        routes.get("/v1/ml/tasks/{id}/model", this::model);
    }

    /**
     * The records in their {@code PMLD} encoding, as the raw body; answered with the blob key and the root. The caller
     * is recorded as an owner of the dataset, which a task must be to name it.
     */
    private void uploadDataset(ApiCall call) {
        String owner = call.caller();
        MlTrainIntents.StoredDataset stored = intents.training().storeDataset(call.upload("dataset"));
        storage.write(tx -> {
            tx.blobOwners().add(stored.blob(), owner);
            return null;
        });
        ObjectNode out = ApiJson.object();
        out.put("blob", stored.blob());
        out.put("root", stored.root());
        out.put("records", stored.records());
        out.put("features", stored.features());
        out.put("classes", stored.classes());
        out.put("bytes", stored.bytes());
        call.json(Status.CREATED_201, out);
    }

    /**
     * A start state for a task that begins from given weights (docs/ml.md "Starting from a model"), as the raw body
     * in its {@code PMLS} encoding; answered with the blob key and the state's hash, which the task names. Its shape
     * is checked when a task names it. The caller is recorded as an owner, as for a dataset.
     */
    private void uploadInitialState(ApiCall call) {
        String owner = call.caller();
        MlTrainIntents.StoredState stored = intents.training().storeInitialState(call.upload("initial_state"));
        storage.write(tx -> {
            tx.blobOwners().add(stored.blob(), owner);
            return null;
        });
        ObjectNode out = ApiJson.object();
        out.put("blob", stored.blob());
        out.put("state_hash", stored.stateHash());
        out.put("bytes", stored.bytes());
        call.json(Status.CREATED_201, out);
    }

    private void submit(ApiCall call) {
        String requester = call.caller();
        RequestBody body = call.body(List.of("task", "spec", "train_blob", "held_out_blob", "init_blob"));
        if (body.has("task") == body.has("spec")) {
            throw PouwException.invalid("task", "give exactly one of task (an encoded PMLT task) and spec (a stack task"
                    + " as JSON)");
        }
        byte[] task = body.has("task") ? body.base64("task") : null;
        MlTrainIntents.TaskBuilder spec = task == null ? MlTaskSpec.parse(body.node("spec")) : null;
        String trainBlob = body.string("train_blob");
        String heldOutBlob = body.string("held_out_blob");
        requireOwned(requester, "train_blob", trainBlob);
        requireOwned(requester, "held_out_blob", heldOutBlob);
        String initBlob = body.has("init_blob") ? body.string("init_blob") : null;
        if (initBlob != null) {
            requireOwned(requester, "init_blob", initBlob);
        }
        IntentRecord record;
        if (task != null) {
            ObjectNode parsed = ApiJson.object().put("task", java.util.Base64.getEncoder().encodeToString(task))
                    .put("train_blob", trainBlob).put("held_out_blob", heldOutBlob);
            if (initBlob != null) {
                parsed.put("init_blob", initBlob);
            }
            record = intents.submitTraining(requester, task, trainBlob, heldOutBlob, initBlob,
                    IdempotentRequest.key(call, "ml/tasks", parsed));
        } else {
            ObjectNode parsed = ApiJson.object().put("train_blob", trainBlob).put("held_out_blob", heldOutBlob);
            if (initBlob != null) {
                parsed.put("init_blob", initBlob);
            }
            parsed.set("spec", body.node("spec"));
            record = intents.submitTrainingSpec(requester, spec, trainBlob, heldOutBlob, initBlob,
                    IdempotentRequest.key(call, "ml/tasks", parsed));
        }
        Job job = record.jobs().get(0);
        ObjectNode out = ApiJson.object();
        out.put("task_id", job.traceHash().hex());
        out.put("intent_id", record.intent().intentId().hex());
        out.put("job_id", job.jobId().hex());
        out.put("status", currentStatus(record.intent()));
        out.put("fee", record.intent().fee());
        out.put("steps", record.intent().steps());
        out.set("params", ApiJson.embedded(job.params()));
        out.put("ledger_seq", record.ledgerSeq());
        if (record.isReplay()) {
            IdempotentRequest.markReplay(call);
        }
        call.json(record.isReplay() ? Status.OK_200 : Status.CREATED_201, out);
    }

    /**
     * A task names only datasets its requester uploaded: otherwise whoever learnt a victim's dataset hash could post a
     * task on it and read it back. A dataset the caller does not own and one that does not exist answer the same.
     */
    private void requireOwned(String requester, String field, String blob) {
        if (!storage.read(tx -> tx.blobOwners().owns(blob, requester))) {
            String upload = field.equals("init_blob") ? "POST /v1/ml/initial-states" : "POST /v1/ml/datasets";
            throw new PouwException(Problem.NOT_FOUND, field, "no " + (field.equals("init_blob") ? "initial state "
                    : "dataset ") + blob + " uploaded by the caller; upload it with " + upload + " first");
        }
    }

    private void show(ApiCall call) {
        Task task = task(call);
        ObjectNode out = ApiJson.object();
        out.put("task_id", task.job().traceHash().hex());
        out.put("intent_id", task.intent().intentId().hex());
        out.put("status", task.intent().status());
        out.put("requester", task.intent().requester().text());
        out.put("fee", task.intent().fee());
        out.put("steps", task.intent().steps());
        out.set("job", ApiJson.job(task.job()));
        if (task.job().status() == JobStatus.COMPLETED) {
            out.set("quality", ApiJson.embedded(task.job().resultInfo()));
            out.put("trained_by", task.job().leaseHolder());
        } else {
            out.putNull("quality");
        }
        call.json(out);
    }

    private void model(ApiCall call) {
        call.caller();
        Task task = task(call);
        if (task.job().status() != JobStatus.COMPLETED) {
            throw new PouwException(Problem.CONFLICT, "task " + task.intent().intentId() + " is "
                    + task.job().status().wire() + "; its model exists once the training is verified");
        }
        byte[] taskBytes = blob(task.job().traceRef());
        byte[] opening = blob(task.job().resultRef());
        call.bytes(TrainedModel.modelFile(taskBytes, opening));
    }

    private record Task(Intent intent, Job job) {
    }

    /**
     * The task an id names (issue 25 §2.4, docs/api.md "Naming a task"): the task's intent id, or its task id (the
     * task blob's hash, which {@code POST /v1/ml/tasks} also answers). The same task blob posted twice is two
     * intents under one task id, so a task id that names several is refused with 409, the error listing their intent
     * ids, rather than answered with one of them picked silently.
     */
    private Task task(ApiCall call) {
        String id = call.pathParam("id");
        if (!IntentId.isWellFormed(id)) {
            throw PouwException.notFound("ml task " + id); // names no task, like an id that is not stored
        }
        Optional<Task> byIntent = storage.read(tx -> tx.jobs().intent(IntentId.of(id))
                .flatMap(intent -> intent.jobIds().isEmpty()
                        ? Optional.<Task>empty()
                        : tx.jobs().find(intent.jobIds().get(0)).map(job -> new Task(intent, job))))
                .filter(task -> task.job().kind().equals(MlTrainKind.NAME));
        if (byIntent.isPresent()) {
            return byIntent.get();
        }
        List<Job> jobs = trainingJobsOfTask(Hash32.of(id));
        if (jobs.size() > 1) {
            throw new PouwException(Problem.CONFLICT, "id", "task id " + id + " names " + jobs.size()
                    + " intents (the same task posted more than once); ask for one by its intent id: "
                    + String.join(", ", jobs.stream().map(job -> job.intentId().hex()).toList()));
        }
        return jobs.stream().findFirst()
                .flatMap(job -> storage.read(tx -> tx.jobs().intent(job.intentId()))
                        .map(intent -> new Task(intent, job)))
                .orElseThrow(() -> PouwException.notFound("ml task " + id));
    }

    /**
     * The ml-train jobs whose trace is the task blob {@code taskId}, oldest first, read a page at a time. Only
     * reached when the id is not an intent id; tasks are few and coarse, so the scan of the ml-train jobs is cheap
     * next to one training step.
     */
    private List<Job> trainingJobsOfTask(Hash32 taskId) {
        List<Job> found = new ArrayList<>();
        long after = 0;
        while (true) {
            long from = after;
            List<Job> page = storage.read(tx -> tx.jobs().list(
                    new JobQuery(null, null, MlTrainKind.NAME, null, from, TASK_SCAN_PAGE)));
            for (Job job : page) {
                if (job.traceHash().equals(taskId)) {
                    found.add(job);
                }
            }
            if (page.size() < TASK_SCAN_PAGE) {
                return found;
            }
            after = page.getLast().createdSeq();
        }
    }

    private byte[] blob(String key) {
        return storage.blobs().get(key).orElseThrow(() -> new IllegalStateException("blob " + key + " is missing"));
    }

    private String currentStatus(Intent created) {
        return storage.read(tx -> tx.jobs().intent(created.intentId())).map(Intent::status).orElse(created.status());
    }
}
