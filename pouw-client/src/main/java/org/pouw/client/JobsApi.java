package org.pouw.client;

import java.net.http.HttpResponse;
import java.util.Base64;
import java.util.List;
import org.pouw.client.jobs.BatchSubmission;
import org.pouw.client.jobs.DeadLetterPage;
import org.pouw.client.jobs.JobFilter;
import org.pouw.client.jobs.JobHistory;
import org.pouw.client.jobs.JobPage;
import org.pouw.client.jobs.Lease;
import org.pouw.client.jobs.LeasedJob;
import org.pouw.client.jobs.NodeJob;
import org.pouw.client.jobs.ProofOutcome;
import org.pouw.client.jobs.Prover;
import org.pouw.core.job.Accelerator;
import org.pouw.core.job.WorkerCapacity;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The job market (ARCHITECTURE.md §5, §6): reading jobs, and the worker's side — claim, renew, commit, submit, fail,
 * blobs. Renew, commit, submit and fail are fenced by the lease token: {@link NodeException#isLeaseLost()} when the
 * lease moved on (409).
 */
public final class JobsApi {
    /** The header that carries the lease token when a proof is sent as raw bytes. */
    public static final String LEASE_TOKEN_HEADER = "Pouw-Lease-Token";
    /** Proofs longer than this go as raw bytes rather than base64 in JSON (an ml-train opening holds models). */
    public static final int RAW_PROOF_BYTES = 256 * 1024;
    /** Failure reasons are cut to this: the node refuses over-long ones, which would leave the job leased. */
    public static final int MAX_REASON_CHARS = 1000;

    private final NodeConnection connection;

    JobsApi(NodeConnection connection) {
        this.connection = connection;
    }

    /** Jobs in creation order, filtered and a page at a time. */
    public JobPage list(JobFilter filter) {
        return JobPage.from(connection.get("/v1/pouw/jobs" + filter.query()));
    }

    /** Pending jobs only; the filter's status is ignored. */
    public JobPage pending(JobFilter filter) {
        return JobPage.from(connection.get("/v1/pouw/jobs/pending" + filter.withStatus(null).query()));
    }

    /** One job; a 404 {@link NodeException} when there is none. */
    public NodeJob get(String jobId) {
        return NodeJob.from(connection.get(jobPath(jobId)));
    }

    /** Every attempt at a job: who held it and how each ended. */
    public JobHistory history(String jobId) {
        return JobHistory.from(connection.get(jobPath(jobId) + "/history"));
    }

    /** Registered provers with their stats. */
    public List<Prover> provers() {
        return connection.get("/v1/pouw/provers").path("provers").valueStream().map(Prover::from).toList();
    }

    /** Registered provers as the node sends them, with their reputation and standing (for display). */
    public List<tools.jackson.databind.JsonNode> proverRecords() {
        return connection.get("/v1/pouw/provers").path("provers").valueStream().toList();
    }

    /** Jobs that ran out of attempts, each with every attempt's reason. */
    public DeadLetterPage deadLetters() {
        return DeadLetterPage.from(connection.get("/v1/pouw/dead-letter"));
    }

    /** Requeues a dead-lettered job; needs the node's admin key (403 otherwise). Returns the job as it is now. */
    public NodeJob retryDeadLetter(String jobId) {
        return NodeJob.from(connection.post("/v1/pouw/dead-letter/" + NodeConnection.segment(jobId) + "/retry",
                NodeConnection.JSON.createObjectNode()).path("job"));
    }

    /**
     * Claims up to {@code maxJobs} jobs of the given kinds and tiers (empty lists: any) under leases of
     * {@code leaseMs}; an empty list when the node has none (204).
     */
    public List<LeasedJob> claim(List<String> kinds, List<String> tiers, int maxJobs, long leaseMs) {
        return claim(kinds, tiers, maxJobs, leaseMs, 0);
    }

    /**
     * As {@link #claim(List, List, int, long)}, offered only jobs whose reward is at least {@code minReward}: the
     * worker's ask (issue 27, item 2); 0 takes any.
     */
    public List<LeasedJob> claim(List<String> kinds, List<String> tiers, int maxJobs, long leaseMs, long minReward) {
        return claim(kinds, tiers, maxJobs, leaseMs, minReward, WorkerCapacity.UNDECLARED);
    }

    /**
     * As {@link #claim(List, List, int, long, long)}, offered only jobs that fit what the worker declares it can run:
     * its memory and its largest job (issue 27, item 3); an undeclared capacity filters nothing. Its cores and
     * accelerators are sent when declared: without them the node offers only jobs that one core and no accelerator
     * run.
     */
    public List<LeasedJob> claim(List<String> kinds, List<String> tiers, int maxJobs, long leaseMs, long minReward,
                                 WorkerCapacity capacity) {
        ObjectNode body = NodeConnection.JSON.createObjectNode();
        kinds.forEach(body.putArray("kinds")::add);
        tiers.forEach(body.putArray("tiers")::add);
        body.put("max_jobs", maxJobs).put("lease_ms", leaseMs);
        if (minReward > 0) {
            body.put("min_reward", minReward);
        }
        if (capacity.declaresMemory()) {
            body.put("memory_mb", capacity.memoryMb());
        }
        if (capacity.declaresLargestJob()) {
            body.put("max_work_units", capacity.maxWorkUnits());
        }
        if (capacity.cores() > 0) {
            body.put("cores", capacity.cores());
        }
        if (capacity.accelerators() != 0) {
            Accelerator.namesOf(capacity.accelerators()).forEach(body.putArray("accelerators")::add);
        }
        HttpResponse<byte[]> response = connection.postForResponse("/v1/pouw/jobs/claim", body);
        if (response.statusCode() == 204) {
            return List.of();
        }
        return connection.expectJson(response).path("jobs").valueStream().map(LeasedJob::from).toList();
    }

    /**
     * The live leases this client's did holds, with their tokens, oldest first: after a claim that got no answer
     * (in doubt), the jobs it leased are here — take them up rather than claim again.
     */
    public List<LeasedJob> leases() {
        return connection.getSignedIn("/v1/pouw/jobs/leases").path("jobs").valueStream().map(LeasedJob::from).toList();
    }

    /** Extends a lease by {@code extendMs}. */
    public Lease renew(String jobId, String leaseToken, long extendMs) {
        ObjectNode body = NodeConnection.JSON.createObjectNode().put("lease_token", leaseToken)
                .put("extend_ms", extendMs);
        JsonNode lease = connection.post(jobPath(jobId) + "/renew", body).path("lease");
        // A node that keeps the token on renew may omit it; the old one then stays valid.
        return new Lease(lease.path("token").asString(leaseToken), lease.path("expires_at_ms").asLong(0));
    }

    /**
     * Reports training progress on an ml-train lease: the step just trained and its mini-batch loss, shown live on
     * the task's page (display only; docs/api.md, "Training progress"). Returns how long until the node hears the
     * lease's next report ({@code next_report_in_ms}); a sooner one is refused with 429.
     */
    public long reportProgress(String jobId, String leaseToken, long step, double loss) {
        ObjectNode body = NodeConnection.JSON.createObjectNode().put("lease_token", leaseToken).put("step", step)
                .put("loss", loss);
        return connection.post(jobPath(jobId) + "/progress", body).path("next_report_in_ms").asLong(1_000);
    }

    /**
     * Sends the commitment of a commit → challenge → open job and returns the node's challenge. Sending the same
     * commitment again returns the same challenge, so a call that got no answer can simply be repeated.
     */
    public byte[] commit(String jobId, String leaseToken, byte[] commitment) {
        ObjectNode body = NodeConnection.JSON.createObjectNode()
                .put("lease_token", leaseToken)
                .put("commitment", Base64.getEncoder().encodeToString(commitment));
        String challenge = connection.post(jobPath(jobId) + "/commit", body).path("challenge").asString("");
        try {
            return Base64.getDecoder().decode(challenge);
        } catch (IllegalArgumentException e) {
            throw new NodeException(200, "bad_response", "the node's challenge is not base64", null, e);
        }
    }

    /**
     * Submits a proof: accepted with its reward, or rejected with the verifier's reason (a 422 {@code proof_invalid}
     * is an outcome, not an error). Proofs past {@link #RAW_PROOF_BYTES} go as raw bytes, not base64 JSON.
     */
    public ProofOutcome submit(String jobId, String leaseToken, byte[] proof) {
        HttpResponse<byte[]> response;
        if (proof.length > RAW_PROOF_BYTES) {
            response = connection.postBytesForResponse(jobPath(jobId) + "/submit", proof,
                    LEASE_TOKEN_HEADER, leaseToken);
        } else {
            ObjectNode body = NodeConnection.JSON.createObjectNode()
                    .put("lease_token", leaseToken)
                    .put("proof", Base64.getEncoder().encodeToString(proof));
            response = connection.postForResponse(jobPath(jobId) + "/submit", body);
        }
        if (response.statusCode() == 422) {
            JsonNode json = NodeConnection.parseOrEmpty(response.body());
            if ("proof_invalid".equals(json.path("error").path("code").asString(""))) {
                JsonNode verdict = json.path("verdict");
                return ProofOutcome.rejected(jobId, verdict.path("reason").asString("proof_invalid"),
                        verdict.path("detail").asString(json.path("error").path("message").asString("")));
            }
        }
        JsonNode json = connection.expectJson(response);
        JsonNode verdict = json.path("verdict");
        if (!verdict.path("accepted").asBoolean(true)) {
            return ProofOutcome.rejected(jobId, verdict.path("reason").asString("rejected"),
                    verdict.path("detail").asString(""));
        }
        return ProofOutcome.accepted(jobId, json.path("reward").asLong(0), json.path("ledger_seq").asLong(-1));
    }

    /**
     * Submits several proofs in one request; the node settles them in one transaction. One outcome per submission,
     * in order: accepted with its reward, or rejected with the reason ({@code proof_invalid}, {@code lease_lost},
     * {@code not_found}).
     */
    public List<ProofOutcome> submitBatch(List<BatchSubmission> submissions) {
        ObjectNode body = NodeConnection.JSON.createObjectNode();
        ArrayNode items = body.putArray("submissions");
        for (BatchSubmission submission : submissions) {
            items.addObject().put("job_id", submission.jobId()).put("lease_token", submission.leaseToken())
                    .put("proof", Base64.getEncoder().encodeToString(submission.proof()));
        }
        return connection.post("/v1/pouw/jobs/submit-batch", body).path("results").valueStream()
                .map(result -> {
                    String jobId = result.path("job_id").asString("");
                    return result.path("outcome").asString("").equals("accepted")
                            ? ProofOutcome.accepted(jobId, result.path("reward").asLong(0),
                                    result.path("ledger_seq").asLong(-1))
                            : ProofOutcome.rejected(jobId, result.path("outcome").asString("rejected"),
                                    result.path("message").asString(""));
                })
                .toList();
    }

    /**
     * Gives a job back with a reason, so it returns to the queue now instead of at lease expiry. A blank reason
     * becomes "worker gave up"; a long one is cut to {@link #MAX_REASON_CHARS}.
     */
    public NodeJob fail(String jobId, String leaseToken, String reason) {
        ObjectNode body = NodeConnection.JSON.createObjectNode().put("lease_token", leaseToken)
                .put("reason", shorten(reason));
        return NodeJob.from(connection.post(jobPath(jobId) + "/fail", body).path("job"));
    }

    /**
     * Hands the lease back without spending one of the job's retries (a graceful stop; within the node's
     * {@code market.release_budget}): the job is pending again at once.
     */
    public NodeJob release(String jobId, String leaseToken) {
        ObjectNode body = NodeConnection.JSON.createObjectNode().put("lease_token", leaseToken);
        return NodeJob.from(connection.post(jobPath(jobId) + "/release", body).path("job"));
    }

    /**
     * The raw bytes stored under a content key, to one of the blob's owners (a dataset the caller uploaded) or the
     * admin; check them against the key before use. Anyone else gets a 404, as for a blob that is not stored.
     */
    public byte[] blob(String key) {
        return connection.getBytes("/v1/pouw/blobs/" + NodeConnection.segment(key));
    }

    /**
     * The raw bytes of a blob job {@code jobId} names, read through that job: as its requester, as the holder of its
     * live lease (the inputs its kind declares for a prover) or as the prover whose result completed it.
     */
    public byte[] blob(String key, String jobId) {
        return connection.getBytes("/v1/pouw/blobs/" + NodeConnection.segment(key) + "?job_id="
                + NodeConnection.segment(jobId));
    }

    /** A stack of detail helps nobody, and the node would refuse it. */
    static String shorten(String reason) {
        String text = reason == null || reason.isBlank() ? "worker gave up" : reason;
        return text.length() <= MAX_REASON_CHARS ? text : text.substring(0, MAX_REASON_CHARS - 3) + "...";
    }

    private static String jobPath(String jobId) {
        return "/v1/pouw/jobs/" + NodeConnection.segment(jobId);
    }
}
