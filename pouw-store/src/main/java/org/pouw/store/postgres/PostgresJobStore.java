package org.pouw.store.postgres;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.function.Supplier;
import org.pouw.core.id.IntentId;
import org.pouw.core.id.JobId;
import org.pouw.core.job.Attempt;
import org.pouw.core.job.AttemptEnding;
import org.pouw.core.job.ClaimRequest;
import org.pouw.core.job.HolderClaim;
import org.pouw.core.job.Job;
import org.pouw.core.job.ProverTally;
import org.pouw.core.port.StandingStore;
import org.pouw.core.standing.ClaimersWithReputations;
import org.pouw.store.jdbc.JdbcJobStore;
import org.pouw.store.jdbc.JobRows;
import org.pouw.store.jdbc.SqlSession;

/**
 * PostgreSQL's claim and lock statements. Several nodes share one database, so every statement that picks jobs
 * to change locks them ({@code FOR UPDATE}) and skips rows another node already holds ({@code SKIP LOCKED}):
 * concurrent claimers and reapers divide the work instead of queueing behind each other or taking a job twice.
 */
final class PostgresJobStore extends JdbcJobStore {
    private static final String FIND_FOR_UPDATE = "SELECT " + JobRows.COLUMNS
            + " FROM jobs WHERE job_id = ? FOR UPDATE";
    private static final String EXPIRED_LEASES = "SELECT " + JobRows.COLUMNS + """
             FROM jobs WHERE status = 'in_progress' AND lease_expires_at_ms < ?
            ORDER BY lease_expires_at_ms LIMIT ? FOR UPDATE SKIP LOCKED""";
    private static final String PAST_DEADLINE = "SELECT " + JobRows.COLUMNS + """
             FROM jobs WHERE status IN ('pending', 'in_progress', 'dead_letter') AND deadline_ms < ?
            ORDER BY deadline_ms LIMIT ? FOR UPDATE SKIP LOCKED""";
    // Locks the intent row, then counts its unfinished jobs: see countUnfinished.
    private static final String COUNT_UNFINISHED_LOCKING = "SELECT count_unfinished_locking_intent(?)";
    // The function runs once per row of the array, in the array's order, so the intents are locked in that order.
    private static final String COUNT_ALL_UNFINISHED_LOCKING = """
            SELECT count_unfinished_locking_intent(w.intent_id)
            FROM unnest(?::text[]) WITH ORDINALITY AS w(intent_id, position)""";
    private static final String SET_INTENT_STATUSES = "UPDATE intents SET status = ? WHERE intent_id = ANY(?::text[])";
    // Moves last-seen forward only when nobody else holds the prover's row, see touchProver.
    private static final String TOUCH_IF_FREE = """
            UPDATE provers SET last_seen_ms = ?
            WHERE prover_id = (SELECT prover_id FROM provers WHERE prover_id = ? AND last_seen_ms < ?
                               FOR UPDATE SKIP LOCKED)""";

    /**
     * The first key of the two-key advisory locks taken on a requester ("req\0" in ASCII); the second is the hash of
     * its DID. Two-key locks live apart from the one-key locks (the event publisher's), so they never meet.
     */
    private static final int REQUESTER_LOCK_CLASS = 0x7265_7100;
    private static final String LOCK_REQUESTER = "SELECT 1 FROM (SELECT pg_advisory_xact_lock(?, hashtext(?))) AS l";

    private final boolean writable;
    private final PostgresJobBatches batches;
    private final PostgresProverBatches proverBatches;
    private final PostgresGroupClaims groupClaims;
    private final PostgresClaimerFacts claimerFacts;

    /** {@code writable} is false in read-only transactions, where no row may be locked. */
    PostgresJobStore(SqlSession sql, boolean writable) {
        super(sql);
        this.writable = writable;
        this.batches = new PostgresJobBatches(sql);
        this.proverBatches = new PostgresProverBatches(sql);
        this.groupClaims = new PostgresGroupClaims(sql);
        this.claimerFacts = new PostgresClaimerFacts(sql);
    }

    /**
     * The market also checks a lease inside read transactions (before verifying a proof, outside the write); a
     * read-only transaction may not lock, and the write that follows checks the lease again under the lock.
     */
    @Override
    public Optional<Job> findForUpdate(JobId jobId) {
        return writable ? sql.first(FIND_FOR_UPDATE, JobRows::read, jobId) : find(jobId);
    }

    /**
     * Counted under a transaction-scoped lock on the requester, so two of its intents posted at once on any nodes
     * are checked against the cap one after the other (the second sees the first's steps). Two requesters never
     * wait for each other, bar a hash collision, which only makes one wait.
     */
    @Override
    public long openStepsOf(String requester) {
        if (writable) {
            sql.longValue(LOCK_REQUESTER, 0, REQUESTER_LOCK_CLASS, requester);
        }
        return super.openStepsOf(requester);
    }

    @Override
    public List<Job> findAll(List<JobId> jobIds) {
        return batches.findAll(jobIds);
    }

    /** As {@link #findForUpdate}: without locks (and in the promised order) in a read-only transaction. */
    @Override
    public List<Job> findAllForUpdate(List<JobId> jobIds) {
        if (writable) {
            return batches.lockAll(jobIds);
        }
        List<Job> jobs = new ArrayList<>(batches.findAll(jobIds));
        jobs.sort((a, b) -> a.jobId().compareTo(b.jobId()));
        return jobs;
    }

    @Override
    public void updateAll(List<Job> jobs) {
        batches.updateAll(jobs);
    }

    @Override
    public void insertAttempts(List<Attempt> attempts) {
        batches.insertAttempts(attempts);
    }

    @Override
    public List<Optional<Attempt>> endAttempts(List<AttemptEnding> endings, long endedAtMs) {
        return batches.endAttempts(endings, endedAtMs);
    }

    /**
     * A claim on its own is a group of one: the group function (V35) plans its scans by index whatever the
     * statistics say. A statement of its own was planned from them, and a queue that outgrew its last ANALYZE (or a
     * fresh database, never analyzed) made it scan every pending job, run the failed-twice check on each and sort
     * them, to lock one: 16,600-31,700 buffers and 85-120 ms a call with 15,000 jobs waiting (issue 26).
     */
    @Override
    public List<Job> claim(ClaimRequest request, String holder, long nowMs, Supplier<String> tokens) {
        if (request.maxJobs() <= 0) {
            return List.of();
        }
        return groupClaims.claimEach(List.of(new HolderClaim(holder, request)), nowMs, tokens).getFirst();
    }

    /** The whole group in one statement and one round trip ({@link PostgresGroupClaims}). */
    @Override
    public List<List<Job>> claimEach(List<HolderClaim> claims, long nowMs, Supplier<String> tokens) {
        return claims.isEmpty() ? List.of() : groupClaims.claimEach(claims, nowMs, tokens);
    }

    @Override
    public List<Job> lockExpiredLeases(long nowMs, int limit) {
        return sql.list(EXPIRED_LEASES, JobRows::read, nowMs, limit);
    }

    @Override
    public List<Job> lockPastDeadline(long nowMs, int limit) {
        return sql.list(PAST_DEADLINE, JobRows::read, nowMs, limit);
    }

    /**
     * Two jobs of one intent completed at once on two nodes would each count the other as unfinished (neither
     * sees the other's uncommitted change) and the intent would never be marked proven. Locking the intent's row
     * first makes the second completer wait for the first to commit; its count, taken with a fresh snapshot after
     * the lock, then sees both. A database function does both in one round trip (see the migration).
     */
    @Override
    public long countUnfinished(IntentId intentId) {
        return writable ? sql.longValue(COUNT_UNFINISHED_LOCKING, 0, intentId) : super.countUnfinished(intentId);
    }

    /**
     * A claim touches its prover after it has taken the event counter's lock, while a failed attempt updates the
     * prover's row before appending its event: waiting here for the prover's row could close a lock cycle between
     * two nodes. Last-seen is advisory and whoever holds the row is about to move it forward too, so a held row is
     * skipped; a new prover is still registered.
     */
    @Override
    public void touchProver(String proverId, long nowMs) {
        if (sql.update(TOUCH_IF_FREE, nowMs, proverId, nowMs) == 0) {
            provers.register(proverId, nowMs);
        }
    }

    /** {@link #countUnfinished} for all, in one round trip; the intents locked in the order given. */
    @Override
    public List<Long> countUnfinishedAll(List<IntentId> intentIds) {
        if (!writable || intentIds.size() < 2) {
            return super.countUnfinishedAll(intentIds);
        }
        List<Long> counts = sql.list(COUNT_ALL_UNFINISHED_LOCKING, row -> row.getLong(1),
                sql.textArray(intentIds.stream().map(IntentId::hex).toList()));
        if (counts.size() != intentIds.size()) {
            throw new IllegalStateException("counted " + counts.size() + " of " + intentIds.size() + " intents");
        }
        return counts;
    }

    @Override
    public void updateIntentStatuses(List<IntentId> intentIds, String status) {
        if (intentIds.size() < 2) {
            super.updateIntentStatuses(intentIds, status);
            return;
        }
        sql.update(SET_INTENT_STATUSES, status, sql.textArray(intentIds.stream().map(IntentId::hex).toList()));
    }

    @Override
    public void touchProvers(List<String> proverIds, long nowMs) {
        proverBatches.touchAll(proverIds, nowMs);
    }

    /** V40's {@code fold_held_leases}: the appended lease changes into the folded counts. */
    @Override
    public long foldHeldLeases() {
        return sql.longValue("SELECT fold_held_leases()", 0);
    }

    /** The admission's facts with levels on in one round trip (V39's {@code claimer_facts}). */
    @Override
    public ClaimersWithReputations readClaimers(Set<String> proverIds, Collection<String> networks,
                                                StandingStore standing) {
        return claimerFacts.read(proverIds, networks, 0, false);
    }

    /** The locks and the facts read under them in one round trip (V39's {@code claimer_facts}). */
    @Override
    public ClaimersWithReputations lockClaimers(SortedSet<String> proverIds, long nowMs, StandingStore standing) {
        if (!writable) {
            return super.lockClaimers(proverIds, nowMs, standing);
        }
        return claimerFacts.read(proverIds, List.of(), nowMs, true);
    }

    @Override
    protected String rowLock() {
        return " FOR UPDATE";
    }

    @Override
    public void recordProverOutcomes(List<ProverTally> tallies, long nowMs) {
        proverBatches.recordAll(tallies, nowMs);
    }
}
