package org.pouw.core.port;

import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.pouw.core.job.Attempt;
import org.pouw.core.job.AttemptOutcome;
import org.pouw.core.job.ClaimRequest;
import org.pouw.core.job.Intent;
import org.pouw.core.job.Job;
import org.pouw.core.job.JobQuery;
import org.pouw.core.job.ProverStats;
import org.pouw.core.job.ProverTally;
import org.pouw.core.job.QueueStats;

/** Jobs, their attempts, intents and provers, inside one {@link StoreTx}. */
public interface JobStore {
    /** Allocates {@code count} consecutive values of a named counter and returns the first; never reuses one. */
    long nextSeq(String counter, int count);

    void insertIntent(Intent intent);

    Optional<Intent> intent(String intentId);

    void updateIntentStatus(String intentId, String status);

    void insert(Job job);

    Optional<Job> find(String jobId);

    /** Like {@link #find}, but locks the row until the transaction ends (PostgreSQL {@code FOR UPDATE}). */
    Optional<Job> findForUpdate(String jobId);

    /**
     * Claims up to {@code request.maxJobs()} pending jobs, oldest {@code created_seq} first, whose deadline is after
     * {@code nowMs} and whose kind and tier match, in one atomic statement (§6): each gets {@code holder}, a fresh
     * token from {@code tokens}, expiry {@code nowMs + leaseMs}, status in_progress and {@code attempts + 1}.
     * Concurrent claimers never receive the same job (PostgreSQL: {@code FOR UPDATE SKIP LOCKED}).
     */
    List<Job> claim(ClaimRequest request, String holder, long nowMs, Supplier<String> tokens);

    /** Writes the job's mutable fields (status, lease, attempts, completion, result, error). */
    void update(Job job);

    /** In-progress jobs whose lease expired before {@code nowMs}, locked, skipping rows another node holds. */
    List<Job> lockExpiredLeases(long nowMs, int limit);

    /**
     * Jobs still holding a reserved fee (pending, in_progress or dead_letter) whose deadline passed before
     * {@code nowMs}, locked, skipping rows another node holds.
     */
    List<Job> lockPastDeadline(long nowMs, int limit);

    List<Job> list(JobQuery query);

    /** How many of the intent's jobs are not yet completed. */
    long countUnfinished(String intentId);

    QueueStats stats();

    void insertAttempt(Attempt attempt);


    /**
     * Ends the job's open attempt number {@code attemptNo} (the newest row with that number) and returns it as it
     * now stands; empty when there is no such attempt.
     */
    Optional<Attempt> endAttempt(String jobId, int attemptNo, long endedAtMs, AttemptOutcome outcome, String reason);

    List<Attempt> attempts(String jobId);

    /** Registers the prover on first sight (its first token) and refreshes its last-seen time. */
    void touchProver(String proverId, long nowMs);

    /** Adds the tally to the prover's stats (registering it if new) and moves its last-seen time to {@code nowMs}. */
    void recordProverOutcome(ProverTally tally, long nowMs);

    Optional<ProverStats> prover(String proverId);

    List<ProverStats> provers();
}
