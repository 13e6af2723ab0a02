package org.pouw.core.port;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.function.Supplier;
import org.pouw.core.id.IntentId;
import org.pouw.core.id.JobId;
import org.pouw.core.job.Attempt;
import org.pouw.core.job.AttemptEnding;
import org.pouw.core.job.AttemptOutcome;
import org.pouw.core.job.BatchMember;
import org.pouw.core.job.ClaimRequest;
import org.pouw.core.job.HolderClaim;
import org.pouw.core.job.IdempotencyBinding;
import org.pouw.core.job.Intent;
import org.pouw.core.job.Job;
import org.pouw.core.job.JobNeeds;
import org.pouw.core.job.JobQuery;
import org.pouw.core.job.PendingFailure;
import org.pouw.core.job.ProverStats;
import org.pouw.core.job.ProverTally;
import org.pouw.core.job.QueueStats;
import org.pouw.core.job.ReputationRecord;
import org.pouw.core.standing.ClaimantFacts;
import org.pouw.core.standing.ClaimersWithReputations;
import org.pouw.core.standing.ProverPace;

/** Jobs, their attempts, intents and provers, inside one {@link StoreTx}. */
public interface JobStore {
    /** Allocates {@code count} consecutive values of a named counter and returns the first; never reuses one. */
    long nextSeq(String counter, int count);

    /** Stores the intent with what it costs in work units (what its base fee, the queue and open work count). */
    void insertIntent(Intent intent, long workUnits);

    /** An intent whose work units are its steps. */
    default void insertIntent(Intent intent) {
        insertIntent(intent, Math.max(1, intent.steps()));
    }

    Optional<Intent> intent(IntentId intentId);

    /**
     * Up to {@code limit} of {@code requester}'s intents, the newest first, from before the place {@code after}
     * (null: from the newest): created earlier, or at the same millisecond with a smaller id. What
     * {@code GET /v1/intents} pages through.
     */
    default List<Intent> intentsOf(String requester, IntentPlace after, int limit) {
        return intentsOf(requester, null, after, limit);
    }

    /**
     * {@link #intentsOf(String, IntentPlace, int)} keeping only the intents with a job of {@code kind} (null: any),
     * a job that has or had it (a batch member rebound to its fallback kind counts for both).
     */
    List<Intent> intentsOf(String requester, String kind, IntentPlace after, int limit);

    /** A place in a requester's list of intents: its last intent's creation time and id. */
    record IntentPlace(long createdAtMs, IntentId intentId) {
    }

    void updateIntentStatus(IntentId intentId, String status);

    /** {@link #updateIntentStatus} for each intent; one statement where that helps. */
    default void updateIntentStatuses(List<IntentId> intentIds, String status) {
        for (IntentId intentId : intentIds) {
            updateIntentStatus(intentId, status);
        }
    }

    /** {@link #insert(Job, long, JobNeeds)} of a job of one work unit that states no needs. */
    default void insert(Job job) {
        insert(job, 1, JobNeeds.NONE);
    }

    /**
     * Stores a new job with its size in work units and its needs (issue 27, item 3), which claims compare with what
     * a worker declared ({@link ClaimRequest#capacity()}).
     */
    void insert(Job job, long workUnits, JobNeeds needs);

    /**
     * The steps of {@code requester}'s intents still being proven (neither proven nor expired): its open work, which
     * the cap per identity bounds (issue 27, item 1). Where transactions run side by side (PostgreSQL) the requester
     * is locked first, until the transaction ends, so two intents one requester posts at once are counted one after
     * the other and cannot both slip under the cap.
     */
    long openStepsOf(String requester);

    /** The intent a requester's {@code Idempotency-Key} is bound to, if any. */
    Optional<IdempotencyBinding> idempotencyBinding(String requester, String key);

    /**
     * Binds the key unless the (requester, key) pair is already bound; false then, and nothing is written. Called in
     * the transaction that creates the intent, so only a created intent binds a key.
     */
    boolean bindIdempotencyKey(IdempotencyBinding binding);

    /** Forgets keys bound before {@code createdBeforeMs} (their retention is over); how many. */
    int forgetIdempotencyKeys(long createdBeforeMs);

    Optional<Job> find(JobId jobId);

    /** Like {@link #find}, but locks the row until the transaction ends (PostgreSQL {@code FOR UPDATE}). */
    Optional<Job> findForUpdate(JobId jobId);

    /**
     * The stored jobs among {@code jobIds}, in no promised order; unknown ids are left out and a repeated id comes
     * back once. Adapters where a round trip is costly read them in one statement.
     */
    default List<Job> findAll(List<JobId> jobIds) {
        List<Job> jobs = new ArrayList<>(jobIds.size());
        for (JobId jobId : jobIds.stream().distinct().toList()) {
            find(jobId).ifPresent(jobs::add);
        }
        return jobs;
    }

    /**
     * Like {@link #findAll}, but locks the rows until the transaction ends, taking them in job-id order (the order of
     * their text, {@link JobId#compareTo}) so that two transactions locking overlapping sets cannot deadlock; the jobs come back
     * in that order.
     */
    default List<Job> findAllForUpdate(List<JobId> jobIds) {
        List<Job> jobs = new ArrayList<>(jobIds.size());
        for (JobId jobId : jobIds.stream().distinct().sorted(Comparator.naturalOrder()).toList()) {
            findForUpdate(jobId).ifPresent(jobs::add);
        }
        return jobs;
    }

    /**
     * Claims up to {@code request.maxJobs()} pending jobs, the best-paying first ({@code reward_budget} descending),
     * then the earliest deadline, then the oldest {@code created_seq} (issue 27, item 2), whose deadline is after
     * {@code nowMs} and whose kind and tier match, in one atomic statement (§6): each gets {@code holder}, a fresh
     * token from {@code tokens}, expiry {@code nowMs + leaseMs}, status in_progress and {@code attempts + 1}.
     * Concurrent claimers never receive the same job (PostgreSQL: {@code FOR UPDATE SKIP LOCKED}). A job whose
     * attempts by {@code holder} ended in failure twice or more ({@code proof_invalid}, {@code worker_failed},
     * {@code lease_expired}) is not offered to {@code holder} again (issue 18, defect 1). A job whose needs pass what
     * the request's capacity declares (memory, largest job) is not offered (issue 27, item 3).
     */
    List<Job> claim(ClaimRequest request, String holder, long nowMs, Supplier<String> tokens);

    /**
     * {@link #claim} for each of {@code claims}, served in list order inside this transaction: each claim sees the
     * jobs the ones before it took, so no job goes to two of them, and an earlier claim gets the older jobs (the
     * queue stays first come, first served across the group). The answer lists each claim's jobs, in creation order,
     * at the claim's index. Adapters where a round trip is costly serve the whole group in one statement.
     */
    default List<List<Job>> claimEach(List<HolderClaim> claims, long nowMs, Supplier<String> tokens) {
        List<List<Job>> claimed = new ArrayList<>(claims.size());
        for (HolderClaim claim : claims) {
            claimed.add(claim(claim.request(), claim.holder(), nowMs, tokens));
        }
        return claimed;
    }

    /**
     * Folds the held-lease changes appended since the last fold into each prover's count (issue 27; PostgreSQL's
     * migration V40: the claim path appends a change a lease rather than update a shared counter row, so concurrent
     * claims never wait on one another for it). The counts read are the same before and after; a fold only keeps
     * the changes a read adds up few. Returns how many changes it folded; 0 where counts are updated in place.
     */
    default long foldHeldLeases() {
        return 0;
    }

    /**
     * Moves up to {@code limit} finished jobs out of the hot tables, with their attempts, oldest first (issue 26):
     * jobs created before {@code createdBeforeMs} whose intent is proven or expired and none of whose intent's jobs
     * can change again. {@link #find} and {@link #attempts} still read them; listings, counts and the lease and
     * claim paths see the hot tables only. Returns how many moved.
     */
    int archiveFinished(long createdBeforeMs, long nowMs, int limit);

    /** Deletes up to {@code limit} moved jobs created before {@code createdBeforeMs}, with their attempts. */
    int forgetHistory(long createdBeforeMs, int limit);

    /** Writes the job's mutable fields (status, lease, attempts, completion, result, error). */
    void update(Job job);

    /** {@link #update} for each job, which must be stored and named once; one statement where that helps. */
    default void updateAll(List<Job> jobs) {
        for (Job job : jobs) {
            update(job);
        }
    }

    /** In-progress jobs whose lease expired before {@code nowMs}, locked, skipping rows another node holds. */
    List<Job> lockExpiredLeases(long nowMs, int limit);

    /**
     * Jobs still holding a reserved fee (pending, in_progress or dead_letter) whose deadline passed before
     * {@code nowMs}, locked, skipping rows another node holds.
     */
    List<Job> lockPastDeadline(long nowMs, int limit);

    List<Job> list(JobQuery query);

    /**
     * The in-progress jobs whose lease names {@code holder}, oldest first, at most {@code limit} — expired leases the
     * reaper has not yet ended included (the caller filters by its clock).
     */
    List<Job> leasedBy(String holder, int limit);

    /** How many of the intent's jobs are not yet completed. */
    long countUnfinished(IntentId intentId);

    /**
     * {@link #countUnfinished} for each intent, in order (callers pass intent-id order, the order every market
     * transaction locks intents in); the counts come back in the same order. One statement where that helps.
     */
    default List<Long> countUnfinishedAll(List<IntentId> intentIds) {
        List<Long> counts = new ArrayList<>(intentIds.size());
        for (IntentId intentId : intentIds) {
            counts.add(countUnfinished(intentId));
        }
        return counts;
    }

    QueueStats stats();

    /** The prover's stored reputation (issue 27, item 4), if it ever had an outcome weighed. */
    Optional<ReputationRecord> reputation(String proverId);

    /**
     * The prover's stored reputation, its row created if missing and locked for the rest of the transaction, so two
     * transactions adding outcomes for one prover add them one after the other.
     */
    ReputationRecord lockReputation(String proverId, long nowMs);

    /**
     * {@link #reputation} of each of {@code proverIds} (absent: never weighed), in one statement where that helps: a
     * claim group with levels on reads its claimers' records at admission (issue 27: the claim path's cost).
     */
    default Map<String, ReputationRecord> reputations(Collection<String> proverIds) {
        Map<String, ReputationRecord> records = new HashMap<>();
        for (String proverId : proverIds) {
            reputation(proverId).ifPresent(record -> records.put(proverId, record));
        }
        return records;
    }

    /**
     * The facts a claim group's admission reads with levels on, in one go where the store can: {@code standing}'s
     * facts of {@code proverIds} (with the quarantines of {@code networks}) with every one's held leases counted, and
     * their reputation rows (issue 27: levels on must not cost a claim group extra round trips).
     */
    default ClaimersWithReputations readClaimers(Set<String> proverIds, Collection<String> networks,
                                                 StandingStore standing) {
        ClaimantFacts facts = standing.claimants(proverIds, networks);
        return new ClaimersWithReputations(facts.withHeld(standing.heldLeases(proverIds)), reputations(proverIds));
    }

    /**
     * The claimers' reputation rows made where missing and locked in prover-id order ({@link #lockReputations}),
     * then, read after the locks are held (so a claim by one of them that committed meanwhile, on any node, is
     * counted), their standing facts and held leases: what a claim group checks the lease allowances against.
     * PostgreSQL does it in one round trip (migration V39).
     */
    default ClaimersWithReputations lockClaimers(SortedSet<String> proverIds, long nowMs, StandingStore standing) {
        Map<String, ReputationRecord> records = lockReputations(proverIds, nowMs);
        ClaimantFacts facts = standing.claimants(proverIds, List.of());
        return new ClaimersWithReputations(facts.withHeld(standing.heldLeases(proverIds)), records);
    }

    /**
     * {@link #lockReputation} for each of {@code proverIds}, rows created where missing and locked in prover-id order
     * (the order every writer takes provers in), in one statement each where that helps; every id is answered.
     */
    default Map<String, ReputationRecord> lockReputations(SortedSet<String> proverIds, long nowMs) {
        Map<String, ReputationRecord> records = new HashMap<>();
        for (String proverId : proverIds) {
            records.put(proverId, lockReputation(proverId, nowMs));
        }
        return records;
    }

    /** Stores the prover's reputation (its row exists: {@link #lockReputation} made it). */
    void saveReputation(ReputationRecord record);

    /**
     * Holds failures against their provers until their jobs are done (issue 27, item 4): written by the transaction
     * that ends the failed lease, under the job's row lock.
     */
    void holdFailures(List<PendingFailure> failures);

    /** Takes (deletes and returns) the failures held on {@code jobId}, by attempt: its job was completed. */
    List<PendingFailure> takeHeldFailures(JobId jobId);

    /** Drops the failures held on {@code jobId}: its job ended without a result, so none of them counts. */
    void dropHeldFailures(JobId jobId);

    /** The failures held on {@code jobId}, by attempt (read only). */
    List<PendingFailure> heldFailures(JobId jobId);

    /** Every stored reputation, by prover id. */
    List<ReputationRecord> reputations();

    /**
     * Open work per kind and tier (pending jobs, their work units, leased jobs), in kind then tier order (issue 27,
     * item 1: the market's depth).
     */
    List<QueueDepth> depth();

    /**
     * Jobs completed at or after {@code sinceMs}, from the hot table and the history tables, the latest
     * {@code limit} of them (issue 27, item 5: what service levels are measured on).
     */
    List<Job> completedSince(long sinceMs, int limit);

    /**
     * Pending jobs of kind {@link BatchMember#WAITING_KIND} in no batch yet, oldest {@code created_seq} first: what
     * the next batch is formed from.
     */
    List<Job> waitingForBatch(int limit);

    /** Records a batch's members (its lead among them); a job already in a batch is a constraint violation. */
    void insertBatchMembers(List<BatchMember> members);

    /** The batch the job is in, if any. */
    Optional<BatchMember> batchMembership(JobId jobId);

    /** The members of the batch led by {@code leadJobId} (the lead too), in job-id order; empty when it leads none. */
    List<BatchMember> batchOf(JobId leadJobId);

    /** Forgets the batch led by {@code leadJobId}: its members are in no batch any more. */
    void deleteBatch(JobId leadJobId);

    /** Sets the job's kind and params: a batch's lead takes the batch's, and a dissolved batch's members their own. */
    void rebind(JobId jobId, String kind, String params);

    void insertAttempt(Attempt attempt);

    /**
     * Records on the open attempt {@code attemptNo} of {@code jobId} the level (its wire name) whose audit sample its
     * commitment's challenge followed (issue 27, item 4).
     */
    void recordAuditLevel(JobId jobId, int attemptNo, String level);

    /** {@link #insertAttempt} for each, in order; one statement where that helps. */
    default void insertAttempts(List<Attempt> attempts) {
        for (Attempt attempt : attempts) {
            insertAttempt(attempt);
        }
    }

    /**
     * Ends the job's open attempt number {@code attemptNo} (the newest row with that number) and returns it as it
     * now stands; empty when there is no such attempt.
     */
    Optional<Attempt> endAttempt(JobId jobId, int attemptNo, long endedAtMs, AttemptOutcome outcome, String reason);

    /**
     * {@link #endAttempt} for each ending, all at {@code endedAtMs}; the results come back in the order of
     * {@code endings}. An attempt must not be named twice. One statement where that helps.
     */
    default List<Optional<Attempt>> endAttempts(List<AttemptEnding> endings, long endedAtMs) {
        List<Optional<Attempt>> ended = new ArrayList<>(endings.size());
        for (AttemptEnding ending : endings) {
            ended.add(endAttempt(ending.jobId(), ending.attemptNo(), endedAtMs, ending.outcome(), ending.reason()));
        }
        return ended;
    }

    List<Attempt> attempts(JobId jobId);

    /** Registers the prover on first sight (its first token) and refreshes its last-seen time. */
    void touchProver(String proverId, long nowMs);

    /**
     * {@link #touchProver} for each prover, in order (a shared claim transaction touches every claimer); one
     * statement where that helps. A prover must not be named twice.
     */
    default void touchProvers(List<String> proverIds, long nowMs) {
        for (String proverId : proverIds) {
            touchProver(proverId, nowMs);
        }
    }

    /** Adds the tally to the prover's stats (registering it if new) and moves its last-seen time to {@code nowMs}. */
    void recordProverOutcome(ProverTally tally, long nowMs);

    /**
     * {@link #recordProverOutcome} for each tally, in order (callers pass them in prover-id order, the order every
     * market transaction locks provers in); one statement where that helps. A prover must not be named twice.
     */
    default void recordProverOutcomes(List<ProverTally> tallies, long nowMs) {
        for (ProverTally tally : tallies) {
            recordProverOutcome(tally, nowMs);
        }
    }

    /** The prover's measured pace (issue 27, item 3); {@link ProverPace#FRESH} when none is recorded. */
    ProverPace pace(String proverId);

    /** Every registered prover's recorded pace, by prover id (what {@code GET /v1/pouw/provers} shows). */
    Map<String, ProverPace> paces();

    /** Records the prover's pace (its row exists: its tally was recorded in the same transaction). */
    void recordPace(String proverId, ProverPace pace);

    /** How long the job takes at the slowest assumed speed, stated at posting; 0 when not stated or not found. */
    long slowestMs(JobId jobId);

    Optional<ProverStats> prover(String proverId);

    List<ProverStats> provers();
}
