package org.pouw.core.market;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.function.LongFunction;
import org.pouw.core.event.Event;
import org.pouw.core.event.EventDraft;
import org.pouw.core.id.IntentId;
import org.pouw.core.id.JobId;
import org.pouw.core.job.Attempt;
import org.pouw.core.job.AttemptEnding;
import org.pouw.core.job.Job;
import org.pouw.core.job.PendingFailure;
import org.pouw.core.job.ProverTally;
import org.pouw.core.job.ReputationRecord;
import org.pouw.core.ledger.EntryDraft;
import org.pouw.core.ledger.LedgerEntry;
import org.pouw.core.port.StoreTx;
import org.pouw.core.standing.ProverPace;

/**
 * The writes a transaction owes, made at its very end. Numbering ledger entries and events takes the ledger-head
 * and event-counter locks (ARCHITECTURE.md §6: dense, commit-ordered numbers across nodes), which then stay taken
 * until commit; writing them last keeps every other writer waiting for the shortest time, and lets one batch of
 * settlements share that wait. Job rows and attempt rows are collected too, so that a batch writes each kind in one
 * statement instead of one per job: the jobs are already locked by the caller, so deferring them costs nothing.
 *
 * <p>Every row lock a market transaction waits for is taken in one global order (issue 26): jobs by id (the
 * caller's batch lock), then provers by id, then intents by id, then the ledger head (which serialises the account
 * updates behind it), then the event counter. Two transactions that each wait for the other would need one of them
 * to take a lock out of that order; before, intents were locked in the order their jobs came in a batch, and two
 * batches holding jobs of the same two intents deadlocked ({@code 40P01}) once per such pair. Claims skip held job
 * and prover rows rather than waiting, so they fit the order too.
 */
final class DeferredWrites {
    /** A deferred ledger entry; its number is known after {@link #flush}. */
    static final class Entry {
        private final EntryDraft draft;
        private long seq;

        private Entry(EntryDraft draft) {
            this.draft = draft;
        }

        long seq() {
            return seq;
        }
    }

    private final Map<JobId, Job> changedJobs = new LinkedHashMap<>();
    private final List<AttemptEnding> endings = new ArrayList<>();
    private final List<Consumer<Optional<Attempt>>> afterEnding = new ArrayList<>();
    private final List<Entry> entries = new ArrayList<>();
    /** Intent id (hex) → expired (true) or to be checked for proven (false), in id order: see the class comment. */
    private final TreeMap<String, IntentChange> intentChanges = new TreeMap<>();
    /** In prover-id order, for the same reason. */
    private final TreeMap<String, ProverTally> tallies = new TreeMap<>();
    /** Pace samples (a job and its claim-to-result time) or resets (null job), in prover-id order. */
    private final TreeMap<String, List<PaceSample>> paces = new TreeMap<>();
    /** Reputation weights to add, good and bad in thousandths, in prover-id order ({@link Reputation}). */
    private final TreeMap<String, long[]> weights = new TreeMap<>();
    /** Failures to hold until their jobs are done, and the jobs whose held failures now count or are dropped. */
    private final List<PendingFailure> heldFailures = new ArrayList<>();
    private final TreeMap<String, JobId> failuresCounted = new TreeMap<>();
    private final List<Job> completedAfterFailures = new ArrayList<>();
    private final TreeMap<String, JobId> failuresDropped = new TreeMap<>();
    /** Provers whose lease allowance a quarantine or a failed audit resets (docs/economics.md, "Levels"). */
    private final Set<String> allowanceResets = new TreeSet<>();
    /** How verified work grows allowances in this transaction; null when levels govern nothing. */
    private LeaseAllowance.Growth growth;
    private final List<LongFunction<EventDraft>> events = new ArrayList<>();
    /** Collateral to unlock, by account in account order (the order every writer takes account rows in). */
    private final TreeMap<String, Long> unlocks = new TreeMap<>();
    private long lastEventSeq;

    /**
     * The job's new state, written by {@link #writeJobs}. A job changes at most once between two writes: a second
     * change would otherwise be computed from a state the database has not seen.
     */
    void jobChanged(Job job) {
        if (changedJobs.putIfAbsent(job.jobId(), job) != null) {
            throw new IllegalStateException("job " + job.jobId() + " changed twice before its first change was written");
        }
    }

    /** Closes an open attempt in {@link #writeJobs}; {@code then} gets the closed row, empty when there was none. */
    void endAttempt(AttemptEnding ending, Consumer<Optional<Attempt>> then) {
        endings.add(ending);
        afterEnding.add(then);
    }

    Entry ledger(EntryDraft draft) {
        Entry entry = new Entry(draft);
        entries.add(entry);
        return entry;
    }

    /**
     * Gives back collateral a lease locked, in {@link #flush} after the entries: a forfeit taken from it in the same
     * transaction is posted while the collateral still stands behind it.
     */
    void unlock(String account, long amount) {
        if (amount > 0) {
            unlocks.merge(account, amount, Math::addExact);
        }
    }

    void event(EventDraft draft) {
        events.add(unused -> draft);
    }

    /** An event whose data needs the number of a deferred ledger entry. */
    void event(Entry entry, LongFunction<EventDraft> build) {
        events.add(unused -> build.apply(entry.seq()));
    }

    /** Adds to the prover's stats, once per prover at flush. */
    void tally(ProverTally tally) {
        tallies.merge(tally.proverId(), tally, ProverTally::plus);
    }

    /**
     * A verified, on-time result of a job paid by others, {@code elapsedMs} from claim to result: a sample of the
     * prover's pace (issue 27, item 3), applied at flush after the provers' tallies.
     */
    void paceSample(String proverId, JobId jobId, long elapsedMs) {
        paces.computeIfAbsent(proverId, id -> new ArrayList<>()).add(new PaceSample(jobId, elapsedMs));
    }

    /** A late result or an expired lease: the prover is back at the slowest speed. */
    void paceReset(String proverId) {
        if (!proverId.isEmpty()) {
            paces.computeIfAbsent(proverId, id -> new ArrayList<>()).add(new PaceSample(null, 0));
        }
    }

    private record PaceSample(JobId jobId, long elapsedMs) {
    }

    /** Adds {@code good} and {@code bad} (thousandths of a job) to the prover's reputation, once per prover at flush. */
    void weigh(String proverId, long good, long bad) {
        if (proverId.isEmpty() || good == 0 && bad == 0) {
            return;
        }
        long[] sum = weights.computeIfAbsent(proverId, id -> new long[2]);
        sum[0] = Math.addExact(sum[0], good);
        sum[1] = Math.addExact(sum[1], bad);
    }

    /**
     * Holds a failure of {@code job}'s current lease against {@code proverId} until the job is done (issue 27, item 4;
     * docs/economics.md, "Failures held until the job is done"): it weighs {@code bad} once someone completes the job,
     * nothing if the job ends without a result.
     */
    void holdFailure(Job job, String proverId, long bad, long now) {
        if (!proverId.isEmpty() && bad > 0) {
            heldFailures.add(new PendingFailure(job.jobId(), job.attempts(), proverId, bad, now));
        }
    }

    /**
     * {@code job} was completed: the failures held on it weigh now, each decayed from when it happened. A job whose
     * lease never ended without a result has an empty {@code last_error} and nothing held, so it costs no statement.
     */
    void countHeldFailures(Job job) {
        if (!job.lastError().isEmpty()) {
            failuresCounted.put(job.jobId().hex(), job.jobId());
            completedAfterFailures.add(job);
        }
    }

    /** The jobs completed in this transaction after an earlier lease of theirs ended without a result. */
    List<Job> completedAfterFailures() {
        return List.copyOf(completedAfterFailures);
    }

    /** {@code job} ended without a result (expired, cancelled): none of the failures held on it counts. */
    void dropHeldFailures(Job job) {
        if (!job.lastError().isEmpty()) {
            failuresDropped.put(job.jobId().hex(), job.jobId());
        }
    }

    /** Grows the lease allowances of provers whose verified work this transaction settles ({@link LeaseAllowance}). */
    void growAllowances(LeaseAllowance.Growth rule) {
        this.growth = rule;
    }

    /** Resets the prover's lease allowance at flush (a quarantine or a failed audit), under its reputation row lock. */
    void resetAllowance(String proverId) {
        allowanceResets.add(proverId);
    }

    /**
     * Writes the failures held in this transaction, then weighs those of completed jobs and drops those of jobs that
     * ended without a result, in job-id order. Every job here is locked by the caller, so no other transaction
     * touches its held failures meanwhile; a job changes once per transaction, so none is both held and ended here.
     */
    private void settleHeldFailures(StoreTx tx, long now) {
        if (!heldFailures.isEmpty()) {
            tx.jobs().holdFailures(List.copyOf(heldFailures));
            heldFailures.clear();
        }
        for (JobId jobId : failuresCounted.values()) {
            for (PendingFailure failure : tx.jobs().takeHeldFailures(jobId)) {
                weigh(failure.proverId(), 0, Reputation.decayed(failure.badMilli(), failure.failedAtMs(), now));
            }
        }
        failuresCounted.clear();
        for (JobId jobId : failuresDropped.values()) {
            tx.jobs().dropHeldFailures(jobId);
        }
        failuresDropped.clear();
    }

    /** What {@link #flush} does to an intent's row. */
    private record IntentChange(IntentId intentId, boolean expired) {
    }

    /** After this transaction's settlements, the intent is proven if none of its jobs is left unfinished. */
    void checkIntentProven(IntentId intentId) {
        intentChanges.putIfAbsent(intentId.hex(), new IntentChange(intentId, false));
    }

    /** A job of the intent expired: so has the intent (an expiry wins over a check in the same transaction). */
    void intentExpired(IntentId intentId) {
        intentChanges.put(intentId.hex(), new IntentChange(intentId, true));
    }

    /**
     * Writes the changed jobs and closes their attempts now, one statement each. {@link #flush} does this first;
     * call it earlier when a later query in the same transaction must see those jobs as they now are.
     */
    void writeJobs(StoreTx tx, long now) {
        if (!changedJobs.isEmpty()) {
            tx.jobs().updateAll(List.copyOf(changedJobs.values()));
            changedJobs.clear();
        }
        if (!endings.isEmpty()) {
            List<Optional<Attempt>> ended = tx.jobs().endAttempts(List.copyOf(endings), now);
            List<Consumer<Optional<Attempt>>> callbacks = List.copyOf(afterEnding);
            endings.clear();
            afterEnding.clear();
            for (int i = 0; i < callbacks.size(); i++) {
                callbacks.get(i).accept(ended.get(i));
            }
        }
    }

    /**
     * Writes the jobs and attempts, adds each prover's tally (in prover-id order), marks expired intents expired and
     * checked intents proven once per intent (a batch often settles many jobs of one intent; in intent-id order),
     * then writes the entries, then the events. An entry whose key already
     * exists means a reward or refund would be paid twice: that is a bug in the caller's fencing, so the whole
     * transaction is rolled back.
     */
    void flush(StoreTx tx, long now) {
        writeJobs(tx, now);
        if (!tallies.isEmpty()) {
            tx.jobs().recordProverOutcomes(List.copyOf(tallies.values()), now);
            tallies.clear();
        }
        // After the tallies, whose upserts made each prover's row; in prover-id order like them.
        paces.forEach((proverId, samples) -> {
            ProverPace pace = tx.jobs().pace(proverId);
            for (PaceSample sample : samples) {
                pace = sample.jobId() == null ? ProverPace.reset(now)
                        : pace.after(tx.jobs().slowestMs(sample.jobId()), sample.elapsedMs(), now);
            }
            tx.jobs().recordPace(proverId, pace);
        });
        paces.clear();
        settleHeldFailures(tx, now);
        // After the provers' rows, in prover-id order like them: each reputation row is locked, decayed to now and
        // added to, so two transactions weighing one prover's outcomes add them one after the other.
        // The lease allowance changes under the same lock: reset by a quarantine or a failed audit, grown by verified
        // work when levels govern leases.
        // A reset needs the row even when nothing is weighed with it (a failure held until its job is done).
        allowanceResets.forEach(proverId -> weights.computeIfAbsent(proverId, id -> new long[2]));
        weights.forEach((proverId, sum) -> {
            ReputationRecord locked = tx.jobs().lockReputation(proverId, now);
            ReputationRecord added = Reputation.add(locked, sum[0], sum[1], now);
            if (allowanceResets.contains(proverId)) {
                added = added.withAllowance(0, now);
            } else if (growth != null && sum[0] > 0) {
                added = growth.apply(tx, locked, added, now);
            }
            tx.jobs().saveReputation(added);
        });
        weights.clear();
        allowanceResets.clear();
        if (intentChanges.values().stream().noneMatch(IntentChange::expired)) {
            checkIntentsTogether(tx);
        }
        for (IntentChange change : intentChanges.values()) {
            if (change.expired()) {
                tx.jobs().updateIntentStatus(change.intentId(), "expired");
            } else if (tx.jobs().countUnfinished(change.intentId()) == 0) {
                tx.jobs().updateIntentStatus(change.intentId(), "proven");
                event(new EventDraft("intent.proven", change.intentId(), "{}"));
            }
        }
        intentChanges.clear();
        if (!entries.isEmpty()) {
            List<Optional<LedgerEntry>> written = tx.ledger().appendAll(
                    entries.stream().map(entry -> entry.draft).toList(), now);
            for (int i = 0; i < entries.size(); i++) {
                Entry entry = entries.get(i);
                entry.seq = written.get(i).orElseThrow(() -> new IllegalStateException(
                        "ledger key " + entry.draft.key() + " already used: refusing to pay twice")).seq();
            }
        }
        unlocks.forEach((account, amount) -> tx.ledger().unlockCollateral(account, amount));
        unlocks.clear();
        if (!events.isEmpty()) {
            List<EventDraft> drafts = new ArrayList<>(events.size());
            for (LongFunction<EventDraft> event : events) {
                drafts.add(event.apply(0));
            }
            List<Event> written = tx.events().appendAll(drafts, now);
            lastEventSeq = written.get(written.size() - 1).seq();
        }
        entries.clear();
        events.clear();
    }

    /**
     * A settling transaction only checks intents (expiries come from the reaper's): all of them are counted, each
     * under its row lock in intent-id order, in one statement, and the finished ones marked proven in one more.
     * Each round trip here is made while holding intents other settlers wait for.
     */
    private void checkIntentsTogether(StoreTx tx) {
        List<IntentId> checked = intentChanges.values().stream().map(IntentChange::intentId).toList();
        List<Long> unfinished = tx.jobs().countUnfinishedAll(checked);
        List<IntentId> proven = new ArrayList<>();
        for (int i = 0; i < checked.size(); i++) {
            if (unfinished.get(i) == 0) {
                proven.add(checked.get(i));
            }
        }
        if (!proven.isEmpty()) {
            tx.jobs().updateIntentStatuses(proven, "proven");
            for (IntentId intentId : proven) {
                event(new EventDraft("intent.proven", intentId, "{}"));
            }
        }
        intentChanges.clear();
    }

    long lastEventSeq() {
        return lastEventSeq;
    }
}
