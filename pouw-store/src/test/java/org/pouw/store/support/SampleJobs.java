package org.pouw.store.support;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.pouw.core.id.Did;
import org.pouw.core.id.Hash32;
import org.pouw.core.id.IntentId;
import org.pouw.core.id.JobId;
import org.pouw.core.job.Intent;
import org.pouw.core.job.Job;
import org.pouw.core.job.JobStatus;
import org.pouw.core.job.Tier;
import org.pouw.crypto.Blake3;
import org.pouw.crypto.DidKey;
import org.pouw.crypto.Hex;

/** Jobs and intents with plausible values, for tests that drive the store's ports directly. */
public final class SampleJobs {
    public static final IntentId INTENT_ID = IntentId.of(hash("intent"));
    public static final Did REQUESTER = Did.of(did("requester"));

    private SampleJobs() {
    }

    /** A well-formed did:key derived from {@code seed} (no private key exists for it; none is needed here). */
    public static String did(String seed) {
        return new DidKey(Blake3.hash(seed.getBytes(StandardCharsets.UTF_8))).toString();
    }

    public static String hash(String seed) {
        return Hex.encode(Blake3.hash(seed.getBytes(StandardCharsets.UTF_8)));
    }

    public static Hash32 hash32(String seed) {
        return Hash32.of(hash(seed));
    }

    /** A well-formed job id derived from {@code seed}, for rows that need one but no job behind it. */
    public static JobId jobId(String seed) {
        return JobId.of(hash(seed).substring(0, 2 * JobId.BYTES));
    }

    /** A pending job numbered {@code seq}, of kind "reexec", tier macro, due at {@code deadlineMs}. */
    public static Job pending(long seq, long deadlineMs) {
        return pending(seq, "reexec", Tier.MACRO, deadlineMs);
    }

    public static Job pending(long seq, String kind, Tier tier, long deadlineMs) {
        Hash32 traceHash = hash32("trace-" + seq);
        return Job.pending(JobId.derive(INTENT_ID, traceHash, tier, seq), kind, tier, INTENT_ID, traceHash,
                "blob-" + seq, "{\"n\":" + seq + "}", REQUESTER, 100, 90, 1_000 + seq, seq, deadlineMs, 3);
    }

    /** The same job moved to {@code status} with every mutable field set to something recognisable. */
    public static Job in(Job job, JobStatus status, long leaseExpiresAtMs) {
        return new Job(job.jobId(), job.kind(), job.tier(), status, job.intentId(), job.traceHash(),
                job.traceRef(), job.params(), job.requester(), job.feeBudget(), job.rewardBudget(),
                job.createdAtMs(), job.createdSeq(), status == JobStatus.IN_PROGRESS ? "did:key:z6MkProver" : "",
                status == JobStatus.IN_PROGRESS ? "token-" + job.createdSeq() : "", leaseExpiresAtMs,
                job.deadlineMs(), job.maxRetries(), job.attempts() + 1, 0, "", "", "", "", "{}", job.price(), 0,
                job.forfeitsHeld());
    }

    public static Intent intent(IntentId intentId, List<JobId> jobIds) {
        return new Intent(intentId, REQUESTER, hash("program"), "[1,2]", 1_000, Tier.MICRO, 300, "proving",
                "[3]", 42, hash32("trace"), "trace-ref", jobIds, 5_000, 7);
    }
}
