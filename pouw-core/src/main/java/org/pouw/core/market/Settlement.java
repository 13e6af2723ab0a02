package org.pouw.core.market;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.pouw.core.event.EventData;
import org.pouw.core.event.EventDraft;
import org.pouw.core.id.Did;
import org.pouw.core.job.AttemptEnding;
import org.pouw.core.job.AttemptOutcome;
import org.pouw.core.job.Job;
import org.pouw.core.job.JobStatus;
import org.pouw.core.job.ProverTally;
import org.pouw.core.ledger.Accounts;
import org.pouw.core.ledger.EntryDraft;
import org.pouw.core.ledger.EntryKind;
import org.pouw.core.ledger.Posting;
import org.pouw.core.work.Verdict;

/**
 * How a lease ends, inside the caller's transaction: the job's new state, its attempt row, its ledger postings and
 * events, all handed to {@link DeferredWrites} and written at the end of the transaction (ARCHITECTURE.md §6). The
 * caller has already locked the job and checked its lease, and calls {@link DeferredWrites#flush} before
 * committing.
 */
final class Settlement {
    /**
     * The {@code verifyMs} of a job completed by another job's proof (a batch member riding on its lead's): its
     * event carries no {@code verify_ms}, as the lead's already counts that verification.
     */
    static final long NOT_VERIFIED_ALONE = -1;
    /** The margin that earns a whole result of reputation ({@link Reputation#credit}). */
    private final long creditUnit;
    /** The kinds whose jobs state a time (issue 27, item 3): only their results measure a prover's pace. */
    private final Set<String> timedKinds;

    Settlement(long creditUnit, JobCaps caps) {
        this.creditUnit = creditUnit;
        this.timedKinds = caps.slowestUnitsPerSecond().keySet();
    }

    /** What one settlement wrote; {@code ledgerEntry} is null when no money moved. */
    record Settled(Job job, long reward, DeferredWrites.Entry ledgerEntry) {
        long ledgerSeq() {
            return ledgerEntry == null ? 0 : ledgerEntry.seq();
        }
    }

    /**
     * A verified proof: the job completes and its prover is paid the verdict's share of the reward, keyed by job id
     * so never twice. The share not earned (a trained model that missed its target) goes back to the requester in
     * a refund entry of its own; the node's margin is earned either way, since the verification was done.
     * {@code verifyMs} is how long the node took to verify the proof (its event's {@code verify_ms}), or
     * {@link #NOT_VERIFIED_ALONE}.
     */
    Settled complete(DeferredWrites deferred, Job job, Did prover, String proofRef, Verdict verdict, long verifyMs,
                     long now) {
        Job done = job.completed(now, proofRef, verdict.info());
        deferred.jobChanged(done);
        // The price fixed at the first claim (issue 27, item 2); the rest of the budget goes back as unearned.
        long reward = Math.multiplyExact(job.reward(), verdict.rewardPercent()) / 100;
        long unearned = job.rewardBudget() - reward;
        long margin = job.feeBudget() - job.rewardBudget();
        List<Posting> postings = new ArrayList<>();
        if (job.feeBudget() - unearned > 0) {
            postings.add(new Posting(Accounts.POOL_RESERVED, -(job.feeBudget() - unearned)));
        }
        if (reward > 0) {
            postings.add(new Posting(prover.text(), reward));
        }
        if (margin > 0) {
            postings.add(new Posting(Accounts.POOL_EARNED, margin));
        }
        DeferredWrites.Entry entry = postings.isEmpty() ? null : deferred.ledger(new EntryDraft(EntryKind.REWARD,
                EntryDraft.rewardKey(job.jobId()), postings, List.of(job.jobId()), "reward for job " + job.jobId()));
        if (unearned > 0) {
            deferred.ledger(new EntryDraft(EntryKind.REFUND, EntryDraft.refundKey(job.jobId()),
                    List.of(new Posting(Accounts.POOL_RESERVED, -unearned),
                            new Posting(job.requester().text(), unearned)),
                    List.of(job.jobId()), "unearned reward of job " + job.jobId() + " back to its requester"));
        }
        Collateral.endLease(deferred, job, 0);
        Collateral.payHeld(deferred, job, prover.text());
        // The job was deliverable after all: the failures held on it count now (docs/economics.md, "Failures held
        // until the job is done"), as its forfeits go to whoever completed it.
        deferred.countHeldFailures(job);
        // Reputation (issue 27, item 4): credit in proportion to the margin kept from work paid by others; late work
        // earns none and weighs against the prover.
        long credit = Reputation.credit(job, prover.text(), creditUnit, now);
        deferred.weigh(prover.text(), credit,
                now > job.deadlineMs() ? Reputation.LATE : 0);
        // The claim-to-completion time is known once the attempt row is closed (its start is stored there).
        // Its pace (issue 27, item 3) is measured on the same time, only on work paid by others and on time (the
        // credit's own rule: a prover could prove its own posted work before claiming it); late work resets it.
        // Kinds that state no time skip it, so a node that sets no slowest speed pays nothing for it at settlement.
        boolean timed = timedKinds.contains(job.kind());
        boolean paced = timed && credit > 0;
        if (timed && now > job.deadlineMs()) {
            deferred.paceReset(prover.text());
        }
        deferred.endAttempt(new AttemptEnding(job.jobId(), job.attempts(), AttemptOutcome.COMPLETED, ""),
                attempt -> {
                    long elapsed = attempt.map(a -> now - a.startedAtMs()).orElse(0L);
                    deferred.tally(ProverTally.completedOne(prover.text(), reward, elapsed));
                    if (paced && attempt.isPresent()) {
                        deferred.paceSample(prover.text(), job.jobId(), elapsed);
                    }
                });
        EventData data = EventData.of().put("prover_id", prover.text()).put("attempt", job.attempts())
                .put("reward", reward).put("proof_ref", proofRef);
        if (unearned > 0) {
            data.put("refund", unearned);
        }
        if (verifyMs >= 0) {
            data.put("verify_ms", verifyMs);
        }
        if (!"{}".equals(verdict.info())) {
            data.putJson("result", verdict.info());
        }
        if (entry == null) {
            deferred.event(new EventDraft("job.completed", job.jobId(), job.intentId(), data.toString()));
        } else {
            deferred.event(entry, seq -> new EventDraft("job.completed", job.jobId(), job.intentId(),
                    data.put("ledger_seq", seq).toString()));
        }
        deferred.checkIntentProven(job.intentId());
        return new Settled(done, reward, entry);
    }

    /** A lease that ended without a result: back to the queue, or to the dead-letter queue when out of retries. */
    Settled rejectAttempt(DeferredWrites deferred, Job job, String proverId, AttemptOutcome outcome, String reason) {
        return rejectAttempt(deferred, job, proverId, outcome, reason, 0);
    }

    /** {@link #rejectAttempt} that forfeits {@code forfeit} of the lease's collateral (the holder's doing). */
    Settled rejectAttempt(DeferredWrites deferred, Job ended, String proverId, AttemptOutcome outcome, String reason,
                          long forfeit) {
        Job job = Collateral.endLease(deferred, ended, forfeit);
        JobStatus next = job.attempts() >= job.maxRetries() ? JobStatus.DEAD_LETTER : JobStatus.PENDING;
        Job released = job.released(next, outcome.wire() + ": " + reason);
        deferred.jobChanged(released);
        deferred.endAttempt(new AttemptEnding(job.jobId(), job.attempts(), outcome, reason), unused -> { });
        deferred.tally(ProverTally.failedOne(proverId));
        deferred.event(new EventDraft("job.failed", job.jobId(), job.intentId(), EventData.of()
                .put("prover_id", proverId).put("attempt", job.attempts()).put("outcome", outcome.wire())
                .put("reason", reason).put("next_status", next.wire()).put("forfeit", forfeit).toString()));
        if (next == JobStatus.DEAD_LETTER) {
            deferred.event(new EventDraft("job.dead_lettered", job.jobId(), job.intentId(),
                    EventData.of().put("attempts", job.attempts()).toString()));
        }
        return new Settled(released, 0, null);
    }

    /**
     * The holder handed the lease back: the job returns to the queue with the attempt not counted (one more allowed),
     * no strike and no failure in the prover's stats.
     */
    Settled handBack(DeferredWrites deferred, Job job, String proverId) {
        Collateral.endLease(deferred, job, 0);
        Job released = job.discounted().released(JobStatus.PENDING, AttemptOutcome.RELEASED.wire()
                + ": handed back by its holder");
        deferred.jobChanged(released);
        deferred.endAttempt(new AttemptEnding(job.jobId(), job.attempts(), AttemptOutcome.RELEASED,
                "handed back by its holder"), unused -> { });
        deferred.event(new EventDraft("job.released", job.jobId(), job.intentId(), EventData.of()
                .put("prover_id", proverId).put("attempt", job.attempts()).toString()));
        return new Settled(released, 0, null);
    }

    /**
     * The deadline passed: the job expires and its reserved fee goes back to the requester. A lease still held
     * forfeits {@code forfeit} of its collateral; every forfeit held on the job is kept by the node.
     */
    Settled expire(DeferredWrites deferred, Job ended, long forfeit) {
        Job job = Collateral.endLease(deferred, ended, forfeit);
        Collateral.payHeld(deferred, job, Accounts.POOL_EARNED);
        deferred.dropHeldFailures(job); // nobody completed it: it may have been undeliverable, so no failure counts
        if (job.status() == JobStatus.IN_PROGRESS) {
            deferred.endAttempt(new AttemptEnding(job.jobId(), job.attempts(), AttemptOutcome.DEADLINE_PASSED,
                    "deadline passed at " + job.deadlineMs()), unused -> { });
        }
        Job expired = job.released(JobStatus.EXPIRED, "deadline passed at " + job.deadlineMs());
        deferred.jobChanged(expired);
        deferred.intentExpired(job.intentId());
        EventData data = EventData.of().put("refund", job.feeBudget());
        if (job.feeBudget() == 0) {
            deferred.event(new EventDraft("job.expired", job.jobId(), job.intentId(), data.toString()));
            return new Settled(expired, 0, null);
        }
        DeferredWrites.Entry entry = deferred.ledger(new EntryDraft(EntryKind.REFUND,
                EntryDraft.refundKey(job.jobId()), List.of(new Posting(Accounts.POOL_RESERVED, -job.feeBudget()),
                        new Posting(job.requester().text(), job.feeBudget())),
                List.of(job.jobId()), "refund for expired job " + job.jobId()));
        deferred.event(entry, seq -> new EventDraft("job.expired", job.jobId(), job.intentId(),
                data.put("ledger_seq", seq).toString()));
        return new Settled(expired, 0, entry);
    }
}
