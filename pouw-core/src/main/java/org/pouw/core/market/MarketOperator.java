package org.pouw.core.market;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.pouw.core.Clock;
import org.pouw.core.PouwException;
import org.pouw.core.Problem;
import org.pouw.core.event.EventData;
import org.pouw.core.event.EventDraft;
import org.pouw.core.id.Did;
import org.pouw.core.id.IntentId;
import org.pouw.core.id.JobId;
import org.pouw.core.job.AttemptOutcome;
import org.pouw.core.job.ClaimRequest;
import org.pouw.core.job.Intent;
import org.pouw.core.job.Job;
import org.pouw.core.job.JobStatus;
import org.pouw.core.operator.AdminAction;
import org.pouw.core.operator.ClaimBarriers;
import org.pouw.core.operator.ClaimingPause;
import org.pouw.core.operator.ProverBan;
import org.pouw.core.port.Storage;
import org.pouw.core.port.StoreTx;

/**
 * The operator's verbs over the market (issue 25, defect 8): pause and resume claiming, ban and unban a prover, cancel
 * a job or a whole intent with its unspent fee refunded. The caller has checked the admin key. Each verb commits its
 * change, its domain events, its ledger entries and one {@code admin.action} event (who did what, citing the ledger
 * entries) in one transaction, then tells the {@link MarketObserver}, where an audit log hooks in.
 */
public final class MarketOperator {
    /** How long a prover refused by a pause is told to wait before asking again: a pause is for minutes. */
    static final long PAUSED_RETRY_MS = 30_000;
    /** The most live leases one ban ends (a prover holds at most a claim batch per call; far fewer in practice). */
    private static final int MAX_LEASES_ENDED = 10_000;
    private static final int MAX_REASON = 500;

    private final Storage storage;
    private final Clock clock;
    private final MarketObserver observer;
    private final Settlement settlement;
    private final BatchRiders batchRiders;

    MarketOperator(Storage storage, Clock clock, MarketObserver observer, Settlement settlement,
                   BatchRiders batchRiders) {
        this.storage = storage;
        this.clock = clock;
        this.observer = observer;
        this.settlement = settlement;
        this.batchRiders = batchRiders;
    }

    /** What a verb did: its audit record and the jobs it changed (cancelled, or whose lease it ended). */
    public record Outcome(AdminAction action, List<Job> jobs, long refunded) {
        public Outcome {
            jobs = List.copyOf(jobs);
        }
    }

    /**
     * Refuses the orders of a claim group while claiming is paused (503 {@code claiming_paused}, with a Retry-After)
     * and those of banned claimers (403 {@code prover_banned}); inside the claim's transaction, so every node sharing
     * the database obeys from the commit of the operator's call on. {@code requests[i]} becomes null for a refused
     * order and {@code refusals[i]} its refusal (each order its own exception: each is thrown in its own caller).
     */
    static void refuseClaims(StoreTx tx, List<ClaimOrder> orders, ClaimRequest[] requests, PouwException[] refusals) {
        List<String> proverIds = new ArrayList<>();
        for (int i = 0; i < orders.size(); i++) {
            if (requests[i] != null) {
                proverIds.add(orders.get(i).prover().text());
            }
        }
        if (proverIds.isEmpty()) {
            return;
        }
        ClaimBarriers barriers = tx.operator().claimBarriers(proverIds.stream().distinct().sorted().toList());
        Optional<ClaimingPause> pause = barriers.pause();
        Map<String, ProverBan> banned = new HashMap<>();
        barriers.bans().forEach(ban -> banned.put(ban.proverId(), ban));
        for (int i = 0; i < orders.size(); i++) {
            if (requests[i] == null) {
                continue;
            }
            ProverBan ban = banned.get(orders.get(i).prover().text());
            if (pause.isPresent() || ban != null) {
                refusals[i] = pause.isPresent() ? paused(pause.get()) : banned(ban);
                requests[i] = null;
            }
        }
    }

    private static PouwException paused(ClaimingPause pause) {
        return new PouwException(Problem.CLAIMING_PAUSED, null, "the operator paused claiming at "
                + pause.sinceMs() + " ms" + because(pause.reason())
                + "; leases in hand may still be renewed and submitted", PAUSED_RETRY_MS);
    }

    /** Refuses a banned prover's submissions (403 {@code prover_banned}). */
    static void admitSubmissions(StoreTx tx, Did prover) {
        Optional<ProverBan> ban = tx.operator().ban(prover.text());
        if (ban.isPresent()) {
            throw banned(ban.get());
        }
    }

    public Optional<ClaimingPause> claimingPause() {
        return storage.read(tx -> tx.operator().claimingPause());
    }

    public List<ProverBan> bans(int limit) {
        return storage.read(tx -> tx.operator().bans(limit));
    }

    /** Pauses claiming on every node sharing the database; {@code CONFLICT} when it is paused already. */
    public Outcome pauseClaiming(Did admin, String reason) {
        String why = checkedReason(reason);
        return act("claiming.pause", admin, "node", why, (tx, now) -> {
            Optional<ClaimingPause> earlier = tx.operator().claimingPause();
            if (!tx.operator().pauseClaiming(new ClaimingPause(now, admin.text(), why))) {
                throw new PouwException(Problem.CONFLICT, "claiming is paused already (since "
                        + earlier.map(ClaimingPause::sinceMs).orElse(0L) + " ms)");
            }
            return List.of();
        });
    }

    /** Resumes claiming; {@code CONFLICT} when it is not paused. */
    public Outcome resumeClaiming(Did admin) {
        return act("claiming.resume", admin, "node", "", (tx, now) -> {
            if (!tx.operator().resumeClaiming()) {
                throw new PouwException(Problem.CONFLICT, "claiming is not paused");
            }
            return List.of();
        });
    }

    /**
     * Bans the prover: its claims and submissions are refused from the commit on, and every lease it holds ends now,
     * each job back to the queue with the attempt not counted against its {@code max_retries} (the job did nothing
     * wrong). {@code CONFLICT} when it is banned already.
     */
    public Outcome ban(Did admin, String proverId, String reason) {
        checkProver(proverId);
        String why = checkedReason(reason);
        return act("prover.ban", admin, proverId, why, (tx, now) -> {
            if (!tx.operator().ban(new ProverBan(proverId, now, admin.text(), why))) {
                throw new PouwException(Problem.CONFLICT, "prover " + proverId + " is banned already");
            }
            List<Job> ended = new ArrayList<>();
            DeferredWrites deferred = new DeferredWrites();
            for (Job job : tx.jobs().findAllForUpdate(tx.operator().leasedBy(proverId, MAX_LEASES_ENDED))) {
                if (job.status() != JobStatus.IN_PROGRESS || !job.leaseHolder().equals(proverId)) {
                    continue; // its lease ended between the two statements
                }
                batchRiders.dissolve(tx, deferred, job, AttemptOutcome.REVOKED.wire());
                ended.add(settlement.rejectAttempt(deferred, job.discounted(), proverId, AttemptOutcome.REVOKED,
                        "the operator banned the lease holder").job());
            }
            deferred.flush(tx, now);
            return ended.stream().map(job -> new Changed(job, null)).toList();
        });
    }

    /** Lifts a ban; {@code NOT_FOUND} when the prover is not banned. */
    public Outcome unban(Did admin, String proverId) {
        checkProver(proverId);
        return act("prover.unban", admin, proverId, "", (tx, now) -> {
            if (!tx.operator().unban(proverId)) {
                throw PouwException.notFound("ban of prover " + proverId);
            }
            return List.of();
        });
    }

    /**
     * Cancels one job: a pending, leased or dead-lettered job ends for good (status {@code failed}, its
     * {@code last_error} naming the operator), its live lease ends, and its reserved fee goes back to the requester
     * in a refund entry keyed by the job id, so it can be refunded once only. Its intent is {@code cancelled}: it can
     * never be proven now. {@code CONFLICT} for a job that is completed, expired or cancelled already.
     */
    public Outcome cancelJob(Did admin, JobId jobId, String reason) {
        String why = checkedReason(reason);
        return act("job.cancel", admin, jobId.hex(), why, (tx, now) -> {
            Job job = tx.jobs().findForUpdate(jobId).or(() -> tx.jobs().find(jobId))
                    .orElseThrow(() -> PouwException.notFound("job " + jobId));
            if (!holdsFee(job)) {
                throw new PouwException(Problem.CONFLICT, "job " + jobId + " is " + describe(job)
                        + "; only a pending, in_progress or dead_letter job can be cancelled");
            }
            DeferredWrites deferred = new DeferredWrites();
            Changed changed = cancel(tx, deferred, job, admin, why);
            deferred.flush(tx, now);
            tx.jobs().updateIntentStatus(job.intentId(), "cancelled");
            return List.of(changed);
        });
    }

    /**
     * Cancels every job of the intent still holding its fee, as {@link #cancelJob} does each, and marks the intent
     * {@code cancelled}; completed jobs stay paid. {@code CONFLICT} when no job of it is left to cancel.
     */
    public Outcome cancelIntent(Did admin, IntentId intentId, String reason) {
        String why = checkedReason(reason);
        return act("intent.cancel", admin, intentId.hex(), why, (tx, now) -> {
            Intent intent = tx.jobs().intent(intentId)
                    .orElseThrow(() -> PouwException.notFound("intent " + intentId));
            // jobs locked in job-id order, like every settling transaction, then the intent's row
            List<Job> open = tx.jobs().findAllForUpdate(intent.jobIds()).stream().filter(MarketOperator::holdsFee)
                    .toList();
            if (open.isEmpty()) {
                throw new PouwException(Problem.CONFLICT, "intent " + intentId + " is " + intent.status()
                        + " and has no pending, in_progress or dead_letter job left to cancel");
            }
            DeferredWrites deferred = new DeferredWrites();
            List<Changed> changed = new ArrayList<>();
            for (Job job : open) {
                changed.add(cancel(tx, deferred, job, admin, why));
            }
            long refund = open.stream().mapToLong(Job::feeBudget).sum();
            deferred.event(new EventDraft("intent.cancelled", intentId, EventData.of().put("jobs", open.size())
                    .put("refund", refund).put("by", admin.text()).toString()));
            deferred.flush(tx, now);
            tx.jobs().updateIntentStatus(intentId, "cancelled");
            return changed;
        });
    }

    /** A job changed by a verb and the refund entry it wrote (null when none). */
    private record Changed(Job job, DeferredWrites.Entry refund) {
    }

    /** The body of a verb, inside its transaction. */
    @FunctionalInterface
    private interface Verb {
        List<Changed> apply(StoreTx tx, long now);
    }

    private Outcome act(String action, Did admin, String subject, String reason, Verb verb) {
        long now = clock.millis();
        Outcome outcome = storage.write(tx -> {
            List<Changed> changed = verb.apply(tx, now);
            List<Long> ledgerSeqs = changed.stream().filter(c -> c.refund() != null).map(c -> c.refund().seq())
                    .toList();
            EventData data = EventData.of().put("action", action).put("admin", admin.text())
                    .put("subject", subject).put("reason", reason)
                    .putJson("ledger_seqs", ledgerSeqs.stream().map(String::valueOf)
                            .collect(Collectors.joining(",", "[", "]")));
            long seq = tx.events().append(new EventDraft("admin.action", "", "", data.toString()), now).seq();
            long refunded = changed.stream().filter(c -> c.refund() != null).mapToLong(c -> c.job().feeBudget())
                    .sum();
            return new Outcome(new AdminAction(action, admin.text(), subject, reason, now, seq, ledgerSeqs),
                    changed.stream().map(Changed::job).toList(), refunded);
        });
        observer.adminActed(outcome.action());
        if (outcome.action().eventSeq() > 0) { // PostgreSQL numbers events at commit and publishes them itself
            observer.eventsAppended(outcome.action().eventSeq());
        }
        return outcome;
    }

    private Changed cancel(StoreTx tx, DeferredWrites deferred, Job held, Did admin, String reason) {
        // the operator's doing, not the holder's: its collateral comes back whole; forfeits held are the node's
        JobCancellation.Cancelled cancelled = JobCancellation.cancel(tx, deferred, batchRiders, held, admin.text(),
                reason, "the operator");
        return new Changed(cancelled.job(), cancelled.refund());
    }

    private static boolean holdsFee(Job job) {
        return JobCancellation.holdsFee(job);
    }

    private static String describe(Job job) {
        return JobCancellation.cancelled(job) ? "cancelled already" : job.status().wire();
    }

    private static PouwException banned(ProverBan ban) {
        return new PouwException(Problem.PROVER_BANNED, null, "prover " + ban.proverId() + " is banned by the"
                + " operator since " + ban.sinceMs() + " ms" + because(ban.reason()));
    }

    private static String because(String reason) {
        return reason.isEmpty() ? "" : ": " + reason;
    }

    private static void checkProver(String proverId) {
        if (!Did.isWellFormed(proverId)) {
            throw PouwException.invalid("prover", "must be a did:key, got '" + proverId + "'");
        }
    }

    private static String checkedReason(String reason) {
        String text = reason == null ? "" : reason.strip();
        if (text.length() > MAX_REASON) {
            throw PouwException.invalid("reason", "must be at most " + MAX_REASON + " characters");
        }
        return text;
    }
}
