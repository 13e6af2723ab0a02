package org.pouw.node.http;

import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.pouw.core.PouwException;
import org.pouw.core.Problem;
import org.pouw.core.id.Did;
import org.pouw.core.id.IntentId;
import org.pouw.core.id.JobId;
import org.pouw.core.job.ClaimRequest;
import org.pouw.core.job.Job;
import org.pouw.core.job.JobQuery;
import org.pouw.core.job.JobStatus;
import org.pouw.core.job.Tier;
import org.pouw.core.job.WorkerCapacity;
import org.pouw.core.ledger.EntryDraft;
import org.pouw.core.ledger.LedgerEntry;
import org.pouw.core.ledger.Posting;
import org.pouw.core.market.JobMarket;
import org.pouw.core.market.Submission;
import org.pouw.core.market.SubmissionResult;
import org.pouw.core.market.SubmitOutcome;
import org.pouw.core.port.Storage;
import org.pouw.crypto.DidKey;
import org.pouw.crypto.Hex;
import org.pouw.node.claims.ClaimCoalescer;
import org.pouw.node.config.PouwMode;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** The job market endpoints of §5: pending, claim, detail, blobs, renew, submit, fail, history, dead letter. */
public final class JobEndpoints implements Endpoints {
    private static final int MAX_PAGE = 500;
    private static final int MAX_REASON = 2000;
    private static final int MAX_BATCH = 1000;
    /** Where a raw-bytes submission carries its lease token. */
    static final String LEASE_TOKEN_HEADER = "Pouw-Lease-Token";

    private final JobMarket market;
    private final ClaimCoalescer claims;
    private final Storage storage;
    private final PouwMode mode;

    public JobEndpoints(JobMarket market, PouwMode mode) {
        this.market = market;
        this.claims = new ClaimCoalescer(market);
        this.storage = market.storage();
        this.mode = mode;
    }

    @Override
    public void register(RouteTable routes) {
        routes.get("/v1/pouw/jobs/pending", this::pending);
        routes.get("/v1/pouw/jobs", this::list);
        routes.get("/v1/pouw/jobs/leases", this::leases);
        routes.post("/v1/pouw/jobs/claim", this::claim);
        routes.post("/v1/pouw/jobs/submit-batch", this::submitBatch);
        routes.get("/v1/pouw/jobs/{id}", this::detail);
        routes.get("/v1/pouw/jobs/{id}/history", this::history);
        routes.post("/v1/pouw/jobs/{id}/renew", this::renew);
        routes.post("/v1/pouw/jobs/{id}/commit", this::commit);
        routes.post("/v1/pouw/jobs/{id}/submit", this::submit);
        routes.post("/v1/pouw/jobs/{id}/fail", this::fail);
        routes.post("/v1/pouw/jobs/{id}/release", this::release);
        routes.get("/v1/pouw/blobs/{key}", this::blob);
        routes.get("/v1/pouw/dead-letter", this::deadLetters);
        routes.post("/v1/pouw/dead-letter/{id}/retry", this::retry);
    }

    private void pending(ApiCall call) {
        page(call, JobStatus.PENDING, null, false);
    }

    /** Any status, oldest first unless {@code order=newest}; {@code prover} keeps the jobs that did:key claimed. */
    private void list(ApiCall call) {
        String status = call.query("status", null);
        String prover = call.query("prover", null);
        if (prover != null && !DidKey.isValid(prover)) {
            throw PouwException.invalid("prover", "must be an Ed25519 did:key");
        }
        boolean newestFirst = switch (call.query("order", "oldest")) {
            case "oldest" -> false;
            case "newest" -> true;
            default -> throw PouwException.invalid("order", "must be oldest or newest");
        };
        page(call, status == null ? null : JobStatus.parse("status", status), prover, newestFirst);
    }

    private void page(ApiCall call, JobStatus status, String prover, boolean newestFirst) {
        String tierText = call.query("tier", null);
        Tier tier = tierText == null ? null : Tier.parse("tier", tierText);
        int limit = (int) call.queryLong("limit", 50, 1, MAX_PAGE);
        long cursor = call.queryLong("cursor", 0, 0, Long.MAX_VALUE);
        String intentText = call.query("intent_id", null);
        IntentId intentId = intentText == null ? null : IntentId.parse("intent_id", intentText);
        String kind = call.query("kind", null);
        if (kind != null && !JobQuery.isKindName(kind)) {
            throw PouwException.invalid("kind", "must be a work kind's name (lower-case letters, digits and dashes,"
                    + " as GET /v1/pouw/system/status lists them), got '" + kind + "'");
        }
        List<Job> jobs = storage.read(tx -> tx.jobs().list(new JobQuery(status, tier, kind,
                intentId, prover, newestFirst, cursor, limit)));
        ObjectNode out = ApiJson.object();
        ArrayNode items = out.putArray("jobs");
        jobs.forEach(job -> items.add(ApiJson.job(job)));
        if (jobs.size() == limit) {
            out.put("next_cursor", String.valueOf(jobs.get(jobs.size() - 1).createdSeq()));
        } else {
            out.putNull("next_cursor");
        }
        call.json(out);
    }

    private void claim(ApiCall call) {
        Did prover = prover(call);
        RequestBody body = call.body(List.of("kinds", "tiers", "max_jobs", "lease_ms", "min_reward", "memory_mb",
                "max_work_units", "cores", "accelerators"));
        if (mode == PouwMode.DISABLED) {
            throw new PouwException(Problem.CONFLICT, "this node runs pouw_mode = disabled: it proves its own jobs"
                    + " inline and has no queue to claim from");
        }
        List<Tier> tiers = new ArrayList<>();
        for (String tier : body.strings("tiers")) {
            tiers.add(Tier.parse("tiers", tier));
        }
        long maxJobs = body.integer("max_jobs", 1);
        if (maxJobs < 1 || maxJobs > market.settings().maxClaimBatch()) {
            throw PouwException.invalid("max_jobs", "must be between 1 and " + market.settings().maxClaimBatch());
        }
        long minReward = body.integer("min_reward", 0);
        if (minReward < 0) {
            throw PouwException.invalid("min_reward", "must be >= 0 (the least reward this worker takes), got "
                    + minReward);
        }
        // What the worker declares it can run (issue 27, item 3); both optional, 0 declares nothing.
        long memoryMb = body.integer("memory_mb", 0);
        if (memoryMb < 0) {
            throw PouwException.invalid("memory_mb", "must be >= 0 (this worker's memory in MiB; 0: undeclared), got "
                    + memoryMb);
        }
        long maxWorkUnits = body.integer("max_work_units", 0);
        if (maxWorkUnits < 0) {
            throw PouwException.invalid("max_work_units", "must be >= 0 (the largest job this worker takes, in work"
                    + " units; 0: undeclared), got " + maxWorkUnits);
        }
        // Its machine: without cores it is offered only jobs one core runs, without accelerators none needing one.
        int cores = MachineFields.cores(body, "cores", "this worker's cores");
        long accelerators = MachineFields.accelerators(body, "accelerators");
        ClaimRequest request = new ClaimRequest(body.strings("kinds"), tiers, (int) maxJobs,
                body.integer("lease_ms", 0), false, minReward,
                new WorkerCapacity(memoryMb, maxWorkUnits).withMachine(cores, accelerators));
        String network = ClaimNetwork.of(call.remoteAddress());
        // Claims come many at a time and each is mostly its commit, and every claim that takes jobs queues for
        // the event counter until the one before it has committed: concurrent claims share one (issue 26).
        List<Job> jobs = claims.claim(prover, network, request);
        call.limits().jobsClaimed(jobs.size());
        if (jobs.isEmpty()) {
            call.noContent();
            return;
        }
        ObjectNode out = ApiJson.object();
        ArrayNode items = out.putArray("jobs");
        jobs.forEach(job -> items.add(ApiJson.leasedJob(job)));
        call.json(out);
    }

    /** The caller's live leases with their tokens: how a worker settles a claim that got no answer. */
    private void leases(ApiCall call) {
        Did prover = prover(call);
        int limit = (int) call.queryLong("limit", 100, 1, MAX_PAGE);
        ObjectNode out = ApiJson.object();
        ArrayNode items = out.putArray("jobs");
        market.leasesOf(prover, limit).forEach(job -> items.add(ApiJson.leasedJob(job)));
        call.json(out);
    }

    private void detail(ApiCall call) {
        call.json(ApiJson.job(job(call)));
    }

    private void history(ApiCall call) {
        Job job = job(call);
        ObjectNode out = ApiJson.object();
        out.put("job_id", job.jobId().hex());
        out.put("status", job.status().wire());
        ArrayNode attempts = out.putArray("attempts");
        storage.read(tx -> tx.jobs().attempts(job.jobId())).forEach(a -> attempts.add(ApiJson.attempt(a)));
        // The reward, once paid: a worker whose submit got no answer reads here whether it was paid (issue 18).
        Optional<LedgerEntry> reward = job.status() == JobStatus.COMPLETED
                ? storage.read(tx -> tx.ledger().byKey(EntryDraft.rewardKey(job.jobId()))) : Optional.empty();
        if (reward.isPresent() && !job.leaseHolder().isEmpty()) {
            long amount = reward.get().postings().stream().filter(p -> p.account().equals(job.leaseHolder()))
                    .mapToLong(Posting::amount).sum();
            out.putObject("reward").put("prover_id", job.leaseHolder()).put("amount", amount)
                    .put("ledger_seq", reward.get().seq());
        } else {
            out.putNull("reward");
        }
        call.json(out);
    }

    private void renew(ApiCall call) {
        Did prover = prover(call);
        JobId jobId = jobId(call);
        RequestBody body = call.body(List.of("lease_token", "extend_ms"));
        Job job = market.renew(jobId, prover, body.string("lease_token"),
                body.integer("extend_ms", market.settings().defaultLeaseMs()));
        ObjectNode out = ApiJson.object();
        out.put("job_id", job.jobId().hex());
        out.set("lease", ApiJson.lease(job));
        call.json(out);
    }

    /** Commit → challenge → open kinds: the worker's commitment in, the challenge drawn for it out. */
    private void commit(ApiCall call) {
        Did prover = prover(call);
        JobId jobId = jobId(call);
        RequestBody body = call.body(List.of("lease_token", "commitment"));
        byte[] challenge = market.commit(jobId, prover, body.string("lease_token"), body.base64("commitment"));
        ObjectNode out = ApiJson.object();
        out.put("job_id", jobId.hex());
        out.put("challenge", Base64.getEncoder().encodeToString(challenge));
        call.json(out);
    }

    /**
     * A proof as JSON ({@code lease_token}, base64 {@code proof}), or — for proofs too big for a JSON body, such as
     * an ml-train opening — as raw {@code application/octet-stream} bytes with the token in a header.
     */
    private void submit(ApiCall call) {
        Did prover = prover(call);
        JobId jobId = jobId(call);
        String token;
        byte[] proof;
        if (call.hasRawBody()) {
            token = call.header(LEASE_TOKEN_HEADER);
            proof = call.upload("proof");
        } else {
            RequestBody body = call.body(List.of("lease_token", "proof"));
            token = body.string("lease_token");
            proof = body.base64("proof");
        }
        SubmitOutcome outcome = market.submit(jobId, prover, token, proof);
        call.limits().proofSubmitted(outcome.job().kind());
        ObjectNode out = outcome.verdict().accepted()
                ? ApiJson.object()
                : ApiErrors.body(Problem.PROOF_INVALID.code(), "proof rejected: " + outcome.verdict().detail(),
                        "proof");
        out.set("job", ApiJson.job(outcome.job()));
        ObjectNode verdict = out.putObject("verdict");
        verdict.put("accepted", outcome.verdict().accepted());
        verdict.put("reason", outcome.verdict().reason().wire());
        verdict.put("detail", outcome.verdict().detail());
        out.put("reward", outcome.reward());
        out.put("ledger_seq", outcome.ledgerSeq());
        call.json(outcome.verdict().accepted() ? Status.OK_200 : ApiErrors.status(Problem.PROOF_INVALID), out);
    }

    /** Batched completions: many proofs in one request, settled in one transaction (§ performance). */
    private void submitBatch(ApiCall call) {
        Did prover = prover(call);
        RequestBody body = call.body(List.of("submissions"));
        JsonNode items = body.node("submissions");
        if (!items.isArray() || items.isEmpty() || items.size() > MAX_BATCH) {
            throw PouwException.invalid("submissions", "must be an array of 1 to " + MAX_BATCH + " submissions");
        }
        List<Submission> submissions = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
            JsonNode item = items.get(i);
            String field = "submissions[" + i + "]";
            if (!item.isObject() || !item.path("job_id").isString() || !item.path("lease_token").isString()
                    || !item.path("proof").isString()) {
                throw PouwException.invalid(field, "must be an object with string job_id, lease_token and proof");
            }
            byte[] proof;
            try {
                proof = Base64.getDecoder().decode(item.path("proof").stringValue());
            } catch (IllegalArgumentException e) {
                throw PouwException.invalid(field + ".proof", "must be base64");
            }
            submissions.add(new Submission(JobId.parse(field + ".job_id", item.path("job_id").stringValue()),
                    item.path("lease_token").stringValue(), proof));
        }
        ObjectNode out = ApiJson.object();
        ArrayNode results = out.putArray("results");
        List<SubmissionResult> outcomes = market.submitAll(prover, submissions);
        chargeBatch(call, outcomes);
        for (SubmissionResult result : outcomes) {
            ObjectNode item = results.addObject();
            item.put("job_id", result.jobId().hex());
            item.put("outcome", result.outcome().wire());
            if (result.verdict() != null) {
                item.putObject("verdict").put("accepted", result.verdict().accepted())
                        .put("reason", result.verdict().reason().wire()).put("detail", result.verdict().detail());
            }
            item.put("reward", result.reward());
            item.put("ledger_seq", result.ledgerSeq());
            item.put("message", result.message());
        }
        call.json(out);
    }

    /** Verified proofs cost their kinds' weights; items that named no live lease of the caller cost the address. */
    private static void chargeBatch(ApiCall call, List<SubmissionResult> outcomes) {
        List<String> verified = new ArrayList<>();
        long notLive = 0;
        for (SubmissionResult result : outcomes) {
            if (result.verdict() != null && result.job() != null) {
                verified.add(result.job().kind());
            } else {
                notLive++;
            }
        }
        call.limits().proofsSubmitted(verified);
        call.limits().notLiveLease(notLive);
    }

    private void fail(ApiCall call) {
        Did prover = prover(call);
        JobId jobId = jobId(call);
        RequestBody body = call.body(List.of("lease_token", "reason"));
        String reason = body.string("reason", "worker gave up");
        if (reason.length() > MAX_REASON) {
            throw PouwException.invalid("reason", "must be at most " + MAX_REASON + " characters");
        }
        Job job = market.fail(jobId, prover, body.string("lease_token"), reason);
        ObjectNode out = ApiJson.object();
        out.set("job", ApiJson.job(job));
        call.json(out);
    }

    /**
     * The worker hands its lease back (a graceful stop, issue 25 defect 9): the job is pending again at once and the
     * attempt spends none of its retries, within {@code market.release_budget}.
     */
    private void release(ApiCall call) {
        Did prover = prover(call);
        JobId jobId = jobId(call);
        RequestBody body = call.body(List.of("lease_token"));
        Job job = market.release(jobId, prover, body.string("lease_token"));
        ObjectNode out = ApiJson.object();
        out.set("job", ApiJson.job(job));
        call.json(out);
    }

    /**
     * A blob, to its owners, through a job that names it ({@code job_id}: its requester, the holder of its live lease,
     * the prover of its result), or to the admin (issue 27, item 6). A blob the caller may not read answers exactly as
     * one that is not stored, so its existence stays private; whoever holds the bytes checks them by their hash.
     */
    private void blob(ApiCall call) {
        String reader = call.caller();
        String key = call.pathParam("key");
        String through = call.query("job_id", null);
        Optional<JobId> job = through == null ? Optional.empty() : Optional.of(JobId.parse("job_id", through));
        if (!Hex.isHex(key, 32) || !(call.isAdmin(reader) || market.mayReadBlob(Did.of(reader), key, job))) {
            throw PouwException.notFound("blob " + key);
        }
        byte[] bytes = storage.blobs().get(key).orElseThrow(() -> PouwException.notFound("blob " + key));
        call.response().header(HeaderNames.CONTENT_TYPE, "application/octet-stream");
        // Private data: a shared cache must not hand one reader's blob to the next.
        call.response().header(HeaderNames.CACHE_CONTROL, "private, max-age=31536000, immutable");
        call.response().send(bytes);
    }

    private void deadLetters(ApiCall call) {
        int limit = (int) call.queryLong("limit", 100, 1, MAX_PAGE);
        long cursor = call.queryLong("cursor", 0, 0, Long.MAX_VALUE);
        ObjectNode out = ApiJson.object();
        ArrayNode items = out.putArray("jobs");
        storage.read(tx -> {
            for (Job job : tx.jobs().list(new JobQuery(JobStatus.DEAD_LETTER, null, null, null, cursor, limit))) {
                ObjectNode item = ApiJson.job(job);
                ArrayNode attempts = item.putArray("attempt_history");
                tx.jobs().attempts(job.jobId()).forEach(a -> attempts.add(ApiJson.attempt(a)));
                items.add(item);
            }
            return null;
        });
        call.json(out);
    }

    private void retry(ApiCall call) {
        call.admin();
        Job job = market.retryDeadLetter(jobId(call));
        ObjectNode out = ApiJson.object();
        out.set("job", ApiJson.job(job));
        call.json(out);
    }

    private Job job(ApiCall call) {
        JobId jobId = jobId(call);
        return market.job(jobId).orElseThrow(() -> PouwException.notFound("job " + jobId));
    }

    /** The job named by the path; a malformed id names no job, so it is a 404 like an id that is not stored. */
    private static JobId jobId(ApiCall call) {
        String text = call.pathParam("id");
        if (!JobId.isWellFormed(text)) {
            throw PouwException.notFound("job " + text);
        }
        call.logJobId(text);
        return JobId.of(text);
    }

    /** The signed-in caller as a prover: tokens are only issued to a verified did:key. */
    private static Did prover(ApiCall call) {
        return Did.of(call.caller());
    }
}
