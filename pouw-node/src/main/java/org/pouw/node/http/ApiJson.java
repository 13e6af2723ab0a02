package org.pouw.node.http;

import org.pouw.core.event.Event;
import org.pouw.core.job.Attempt;
import org.pouw.core.job.Intent;
import org.pouw.core.job.Job;
import org.pouw.core.job.JobStatus;
import org.pouw.core.job.ProverStats;
import org.pouw.core.standing.ProverPace;
import org.pouw.core.market.ServiceLevels;
import org.pouw.core.standing.ProverLevel;
import org.pouw.core.standing.ProverStanding;
import org.pouw.core.job.QueueStats;
import org.pouw.core.ledger.LedgerEntry;
import org.pouw.core.ledger.PoolStats;
import org.pouw.core.ledger.Posting;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.databind.util.RawValue;

/** The JSON shapes of the API (ARCHITECTURE.md §5), one method per domain object. */
public final class ApiJson {
    /**
     * The node's one JSON mapper. Duplicate keys are refused while parsing (issue 18, defect 4: with last-one-wins,
     * {@code {"to":"<bogus>","to":"<real>"}} showed one recipient to a checker and paid another); the parser
     * compares names after decoding their escapes, so {@code "\\u0074o"} is {@code "to"} too.
     */
    public static final JsonMapper MAPPER = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

    private ApiJson() {
    }

    public static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    public static ArrayNode array() {
        return MAPPER.createArrayNode();
    }

    public static byte[] bytes(JsonNode node) {
        return MAPPER.writeValueAsBytes(node);
    }

    /**
     * JSON text the node wrote itself (job params, event data), spliced in as it is: re-parsing it on every claim
     * response was a fifth of the node's CPU under load. Only for text the node produced.
     */
    static RawValue trusted(String json) {
        return new RawValue(json);
    }

    /** Parses JSON text the node wrote itself (job params, event data); falls back to a string if it is not JSON. */
    public static JsonNode embedded(String json) {
        try {
            return MAPPER.readTree(json);
        } catch (JacksonException e) {
            return MAPPER.getNodeFactory().stringNode(json);
        }
    }

    public static ObjectNode job(Job job) {
        ObjectNode o = object();
        o.put("job_id", job.jobId().hex());
        o.put("kind", job.kind());
        o.put("tier", job.tier().wire());
        o.put("status", job.status().wire());
        o.put("intent_id", job.intentId().hex());
        o.put("trace_hash", job.traceHash().hex());
        o.put("trace_ref", job.traceRef());
        o.putRawValue("params", trusted(job.params()));
        o.put("requester", job.requester().text());
        o.put("fee_budget", job.feeBudget());
        o.put("reward_budget", job.rewardBudget());
        // The reverse auction (issue 27, items 2 and 4): the price fixed at the first claim, null until then.
        if (job.price() == Job.UNPRICED) {
            o.putNull("price");
        } else {
            o.put("price", job.price());
        }
        o.put("collateral", job.collateral());
        o.put("forfeits_held", job.forfeitsHeld());
        o.put("created_at_ms", job.createdAtMs());
        o.put("created_seq", job.createdSeq());
        o.put("lease_holder", job.leaseHolder());
        if (job.leaseExpiresAtMs() > 0) {
            o.put("lease_expires_at_ms", job.leaseExpiresAtMs());
        } else {
            o.putNull("lease_expires_at_ms");
        }
        o.put("deadline_ms", job.deadlineMs());
        o.put("max_retries", job.maxRetries());
        o.put("attempts", job.attempts());
        if (job.completedAtMs() > 0) {
            o.put("completed_at_ms", job.completedAtMs());
        }
        // Service levels (issue 27, item 5): what the job took against the deadline it was posted with.
        if (job.status() == JobStatus.COMPLETED && job.completedAtMs() > 0) {
            o.put("time_to_proof_ms", ServiceLevels.timeToProofMs(job));
            o.put("on_time", ServiceLevels.onTime(job));
        }
        o.put("proof_ref", job.resultRef());
        o.put("last_error", job.lastError());
        o.put("committed", job.hasCommitment());
        o.putRawValue("result", trusted(job.resultInfo()));
        return o;
    }

    /** A claimed job with its lease: the token is shown to the holder only. */
    public static ObjectNode leasedJob(Job job) {
        ObjectNode o = job(job);
        o.set("lease", lease(job));
        return o;
    }

    public static ObjectNode lease(Job job) {
        ObjectNode lease = object();
        lease.put("token", job.leaseToken());
        lease.put("expires_at_ms", job.leaseExpiresAtMs());
        return lease;
    }

    public static ObjectNode attempt(Attempt attempt) {
        ObjectNode o = object();
        o.put("attempt", attempt.attemptNo());
        o.put("prover_id", attempt.proverId());
        o.put("started_at_ms", attempt.startedAtMs());
        if (attempt.endedAtMs() > 0) {
            o.put("ended_at_ms", attempt.endedAtMs());
        } else {
            o.putNull("ended_at_ms");
        }
        o.put("outcome", attempt.outcome().wire());
        o.put("reason", attempt.reason());
        // issue 27: the level the holder took the job at, and the one its audit sample followed (null: not recorded)
        putLevel(o, "level", attempt.level());
        putLevel(o, "audit_level", attempt.auditLevel());
        return o;
    }

    private static void putLevel(ObjectNode o, String field, String level) {
        if (level.isEmpty()) {
            o.putNull(field);
        } else {
            o.put(field, level);
        }
    }

    /** A prover with its standing (issue 18): {@code good}, {@code new}, {@code probation} or {@code quarantined}. */
    public static ObjectNode prover(ProverStats p, ProverStanding standing, int reputationPermille) {
        ObjectNode o = prover(p);
        // issue 27: what its collateral scales by (docs/economics.md, "Reputation")
        o.put("reputation_permille", reputationPermille);
        o.put("standing", standing.standing().wire());
        // issue 27: the level its standing and score give (docs/economics.md, "Levels")
        o.put("level", ProverLevel.of(standing.standing(), reputationPermille).wire());
        if (standing.untilMs() > 0) {
            o.put("standing_until_ms", standing.untilMs());
        } else {
            o.putNull("standing_until_ms");
        }
        if (!standing.reason().isEmpty()) {
            o.put("quarantine_reason", standing.reason());
        }
        return o;
    }

    /**
     * A prover's measured pace (issue 27, item 3; docs/economics.md, "Matching by capability"), so it can see why it
     * is offered less: {@code pace_permille}, its speed in thousandths of the slowest assumed one (1000 when never
     * measured); {@code pace_measured}, whether a measurement counts now (one taken within a week);
     * {@code pace_at_ms}, when; {@code pace_offered_permille}, the pace claims are offered at now (rounded down to
     * a power of two, the slowest once forgotten).
     */
    public static ObjectNode withPace(ObjectNode prover, ProverPace pace, long nowMs) {
        boolean measured = pace.measuredAt(nowMs);
        prover.put("pace_permille", measured ? pace.permille() : ProverPace.SLOWEST);
        prover.put("pace_measured", measured);
        if (pace.measuredAtMs() > 0) {
            prover.put("pace_at_ms", pace.measuredAtMs());
        } else {
            prover.putNull("pace_at_ms");
        }
        prover.put("pace_offered_permille", pace.offeredAt(nowMs));
        return prover;
    }

    public static ObjectNode prover(ProverStats p) {
        ObjectNode o = object();
        o.put("prover_id", p.proverId());
        o.put("jobs_completed", p.jobsCompleted());
        o.put("jobs_failed", p.jobsFailed());
        o.put("total_fee_earned", p.totalFeeEarned());
        o.put("avg_completion_time_ms", p.avgCompletionTimeMs());
        o.put("last_seen_ms", p.lastSeenMs());
        o.put("registered_at_ms", p.registeredAtMs());
        return o;
    }

    public static ObjectNode queue(QueueStats q) {
        ObjectNode o = object();
        o.put("pending_count", q.pendingCount());
        o.put("in_progress_count", q.inProgressCount());
        o.put("completed_count", q.completedCount());
        o.put("failed_count", q.failedCount());
        o.put("expired_count", q.expiredCount());
        o.put("dead_letter_count", q.deadLetterCount());
        return o;
    }

    public static ObjectNode pool(PoolStats p) {
        ObjectNode o = object();
        o.put("balance", p.balance());
        o.put("reserved", p.reserved());
        o.put("total_paid", p.totalPaid());
        o.put("total_refunded", p.totalRefunded());
        return o;
    }

    public static ObjectNode entry(LedgerEntry e) {
        ObjectNode o = object();
        o.put("seq", e.seq());
        o.put("kind", e.kind().wire());
        o.put("key", e.key());
        ArrayNode postings = o.putArray("postings");
        for (Posting p : e.postings()) {
            postings.addObject().put("account", p.account()).put("amount", p.amount());
        }
        ArrayNode jobIds = o.putArray("job_ids");
        e.jobIds().forEach(id -> jobIds.add(id.hex()));
        o.put("memo", e.memo());
        o.put("at_ms", e.atMs());
        o.put("prev_hash", e.prevHash());
        o.put("hash", e.hash());
        return o;
    }

    public static ObjectNode intent(Intent i) {
        ObjectNode o = object();
        o.put("intent_id", i.intentId().hex());
        o.put("status", i.status());
        o.put("requester", i.requester().text());
        o.put("tier", i.tier().wire());
        o.put("fee", i.fee());
        o.put("max_steps", i.maxSteps());
        o.put("steps", i.steps());
        o.set("inputs", embedded(i.inputs()));
        o.set("output", embedded(i.output()));
        o.put("program_ref", i.programRef());
        o.put("trace_hash", i.traceHash().hex());
        o.put("trace_ref", i.traceRef());
        ArrayNode jobIds = o.putArray("job_ids");
        i.jobIds().forEach(id -> jobIds.add(id.hex()));
        o.put("ledger_seq", i.ledgerSeq());
        o.put("created_at_ms", i.createdAtMs());
        return o;
    }

    public static ObjectNode event(Event e) {
        ObjectNode o = object();
        o.put("seq", e.seq());
        o.put("type", e.type());
        if (!e.jobId().isEmpty()) {
            o.put("job_id", e.jobId());
        }
        if (!e.intentId().isEmpty()) {
            o.put("intent_id", e.intentId());
        }
        o.putRawValue("data", trusted(e.data()));
        o.put("at_ms", e.atMs());
        return o;
    }
}
