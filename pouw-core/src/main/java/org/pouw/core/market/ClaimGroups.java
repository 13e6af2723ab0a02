package org.pouw.core.market;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import org.pouw.core.Clock;
import org.pouw.core.PouwException;
import org.pouw.core.event.EventData;
import org.pouw.core.event.EventDraft;
import org.pouw.core.job.Attempt;
import org.pouw.core.job.AttemptOutcome;
import org.pouw.core.job.ClaimRequest;
import org.pouw.core.job.HolderClaim;
import org.pouw.core.job.Job;
import org.pouw.core.port.Committed;
import org.pouw.core.port.Storage;
import org.pouw.core.standing.ProverLevel;

/**
 * Serves claims, several in ONE transaction so they share one commit (issue 26: on a durable server the commit's
 * wait for the disk is what a claim costs; a node coalesces concurrent single-job claims into a group). The orders
 * are admitted together (bad input, the operator's pause and bans, quarantines, a new prover's cap: the facts read
 * in one statement, {@link ProverDiscipline#admitGroup}), then the store serves the admitted ones at once
 * ({@link org.pouw.core.port.JobStore#claimEach}: one statement on PostgreSQL), in list order, each order seeing the
 * jobs the ones before it took, so no job goes to two of them and an earlier order gets the older jobs. The answer
 * holds each order's jobs, or its refusal, in the same order: a refused order gets what it would have got alone and
 * writes nothing, and the others are served all the same. A failure of the database throws for the whole group, and
 * nothing of it was written.
 */
final class ClaimGroups {
    private final Storage storage;
    private final Clock clock;
    private final MarketSettings settings;
    private final MarketObserver observer;
    private final ProverDiscipline discipline;
    private final Supplier<String> leaseTokens;

    ClaimGroups(Storage storage, Clock clock, MarketSettings settings, MarketObserver observer,
                ProverDiscipline discipline) {
        this.storage = storage;
        this.clock = clock;
        this.settings = settings;
        this.observer = observer;
        this.discipline = discipline;
        SecureRandom random = new SecureRandom();
        this.leaseTokens = () -> {
            byte[] token = new byte[16];
            random.nextBytes(token);
            return HexFormat.of().formatHex(token);
        };
    }

    List<ClaimAnswer> serve(List<ClaimOrder> orders) {
        Committed<List<ClaimAnswer>> committed = serveUnpublished(orders);
        committed.publish().run();
        return committed.value();
    }

    /**
     * {@link #serve}, returning at the commit: the caller publishes the group's {@code job.claimed} events (and
     * tells the observer of the claims) by running {@link Committed#publish}, after handing its place on.
     */
    Committed<List<ClaimAnswer>> serveUnpublished(List<ClaimOrder> orders) {
        return serveUnpublished(orders, null);
    }

    /** {@link #serveUnpublished(List)}, marking the transaction's work in {@code marks} (a benchmark's; or null). */
    Committed<List<ClaimAnswer>> serveUnpublished(List<ClaimOrder> orders, ClaimWorkMarks marks) {
        ClaimRequest[] checked = new ClaimRequest[orders.size()];
        PouwException[] invalid = new PouwException[orders.size()];
        for (int i = 0; i < orders.size(); i++) {
            ClaimRequest request = orders.get(i).request();
            try {
                if (request.maxJobs() < 1 || request.maxJobs() > settings.maxClaimBatch()) {
                    throw PouwException.invalid("max_jobs", "must be between 1 and " + settings.maxClaimBatch()
                            + ", got " + request.maxJobs());
                }
                long leaseMs = request.leaseMs() == 0 ? settings.defaultLeaseMs() : request.leaseMs();
                settings.checkLeaseLength("lease_ms", leaseMs);
                checked[i] = request.limitedTo(request.maxJobs(), leaseMs);
            } catch (PouwException refused) {
                invalid[i] = refused;
            }
        }
        if (Arrays.stream(checked).allMatch(request -> request == null)) { // bad input only: no transaction
            return Committed.published(Arrays.stream(invalid).map(ClaimAnswer::refused).toList());
        }
        long now = clock.millis();
        long[] lastSeq = {0};
        // The transaction may be run again (a transient failure), so everything it decides starts afresh in it.
        Committed<List<ClaimAnswer>> committed = storage.writeUnpublished(tx -> {
            if (marks != null) {
                marks.workStarted();
            }
            ClaimRequest[] requests = checked.clone();
            PouwException[] refusals = invalid.clone();
            MarketOperator.refuseClaims(tx, orders, requests, refusals);
            ClaimAdmission[] admissions = discipline.admitGroup(tx, orders, requests, now);
            List<HolderClaim> admitted = new ArrayList<>(orders.size());
            List<Integer> positions = new ArrayList<>(orders.size());
            for (int i = 0; i < orders.size(); i++) {
                if (admissions[i] != null && admissions[i].refusal() != null) {
                    refusals[i] = admissions[i].refusal();
                } else if (admissions[i] != null) {
                    admitted.add(new HolderClaim(orders.get(i).prover().text(), admissions[i].request()));
                    positions.add(i);
                }
            }
            List<List<Job>> claimed = admitted.isEmpty() ? List.of()
                    : tx.jobs().claimEach(admitted, now, leaseTokens);
            // The reverse auction fixes each job's price at this claim, and puts back what is below an order's ask.
            // A claimer whose free balance does not cover its collateral throws for the group (lockCollateral
            // below), whose orders are then served alone, so the refusal reaches only that claimer.
            Bids bids = settings.auction().active() && !admitted.isEmpty()
                    ? Bids.fix(tx, settings.auction(), admitted.toArray(HolderClaim[]::new), claimed, now) : null;
            if (bids != null) {
                claimed = bids.taken();
            }
            List<List<Job>> jobsOf = new ArrayList<>(Collections.nCopies(orders.size(), List.of()));
            for (int k = 0; k < positions.size(); k++) {
                jobsOf.set(positions.get(k), claimed.get(k));
            }
            DeferredWrites deferred = new DeferredWrites();
            Set<String> claimers = new TreeSet<>(); // prover-id order, the order every writer takes provers in
            for (int k = 0; k < admitted.size(); k++) {
                if (!claimed.get(k).isEmpty()) {
                    claimers.add(admitted.get(k).holder());
                }
            }
            // The claimers' last-seen times in one statement, not one per order.
            if (!claimers.isEmpty()) {
                tx.jobs().touchProvers(List.copyOf(claimers), now);
            }
            // Levels on: no claimer over its lease allowance, counted under its reputation row's lock (after the
            // provers' rows, before the accounts', as the settling transactions take them). The level so counted
            // is recorded with each attempt (issue 27: under which level a result was taken); off, it is not read.
            Map<String, ProverLevel> levels = discipline.checkAllowances(tx, claimers, now);
            List<Attempt> opened = new ArrayList<>();
            for (int k = 0; k < admitted.size(); k++) {
                String proverId = admitted.get(k).holder();
                ProverLevel level = levels.get(proverId);
                for (Job job : claimed.get(k)) {
                    opened.add(new Attempt(job.jobId(), job.attempts(), proverId, now, 0,
                            AttemptOutcome.IN_PROGRESS, "", level == null ? "" : level.wire(), ""));
                    EventData data = EventData.of().put("prover_id", proverId).put("attempt", job.attempts())
                            .put("lease_expires_at_ms", job.leaseExpiresAtMs());
                    if (level != null) {
                        data.put("level", level.wire());
                    }
                    deferred.event(new EventDraft("job.claimed", job.jobId(), job.intentId(), data.toString()));
                }
            }
            // The group's attempts in one statement, not one per order.
            if (!opened.isEmpty()) {
                tx.jobs().insertAttempts(opened);
            }
            if (bids != null) {
                bids.lockCollateral(tx); // last of the group's locks: nothing it holds is waited for by a holder of these
            }
            deferred.flush(tx, now);
            lastSeq[0] = deferred.lastEventSeq();
            List<ClaimAnswer> out = new ArrayList<>(orders.size());
            for (int i = 0; i < orders.size(); i++) {
                out.add(refusals[i] != null ? ClaimAnswer.refused(refusals[i]) : ClaimAnswer.served(jobsOf.get(i)));
            }
            if (marks != null) {
                marks.workEnded();
            }
            return out;
        });
        int jobs = committed.value().stream().mapToInt(answer -> answer.jobs().size()).sum();
        if (jobs == 0) {
            return committed;
        }
        return new Committed<>(committed.value(), () -> {
            committed.publish().run();
            observer.jobsClaimed(jobs);
            observer.eventsAppended(lastSeq[0]);
        });
    }
}
