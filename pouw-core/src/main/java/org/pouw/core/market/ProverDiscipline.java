package org.pouw.core.market;

import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.pouw.core.PouwException;
import org.pouw.core.Problem;
import org.pouw.core.job.AttemptOutcome;
import org.pouw.core.job.ClaimRequest;
import org.pouw.core.job.Job;
import org.pouw.core.port.StoreTx;
import org.pouw.core.standing.ProverStanding;
import org.pouw.core.standing.Quarantine;
import org.pouw.core.standing.Standing;
import org.pouw.core.standing.Strike;

/**
 * The rules against free dead-lettering (issue 18, defect 1), inside the caller's transaction:
 * <ul>
 * <li>every lease a prover lets end without a result by its own doing is a strike; a prover whose strikes in the
 *     sliding window reach the budget is quarantined, and so is an address prefix whose provers' strikes reach the
 *     prefix budget (one identity per address is not needed to grief);</li>
 * <li>a quarantined prover, or any prover claiming from a quarantined prefix, is refused claims (429
 *     {@code quarantined}, with the reason and the end); afterwards it is on probation;</li>
 * <li>new and probation provers hold at most a few jobs at once under short leases;</li>
 * <li>an attempt that received an audit challenge always counts against the job's {@code max_retries}, whoever
 *     made it (the ML audit bound of docs/ml.md rests on it); other failed attempts count only when made by a
 *     prover in good standing — a fresh or quarantined identity cannot spend a job's retries.</li>
 * </ul>
 */
final class ProverDiscipline {
    private final DisciplineSettings settings;
    private final Set<String> ownWorkers = ConcurrentHashMap.newKeySet();

    ProverDiscipline(DisciplineSettings settings) {
        this.settings = settings;
    }

    /** The node's own workers' identity: the node itself, in good standing from the start. */
    void trust(String proverId) {
        ownWorkers.add(proverId);
    }

    /** Where {@code proverId} stands at {@code now}. */
    ProverStanding standing(StoreTx tx, String proverId, long now) {
        if (ownWorkers.contains(proverId)) {
            return new ProverStanding(Standing.GOOD, 0, "");
        }
        Optional<Quarantine> own = tx.standing().quarantine(proverId);
        if (own.isPresent() && own.get().activeAt(now)) {
            return new ProverStanding(Standing.QUARANTINED, own.get().untilMs(), own.get().reason());
        }
        String network = tx.standing().networkOf(proverId);
        if (!network.isEmpty()) {
            Optional<Quarantine> shared = tx.standing().quarantine(Quarantine.networkSubject(network));
            if (shared.isPresent() && shared.get().activeAt(now)) {
                return new ProverStanding(Standing.QUARANTINED, shared.get().untilMs(), shared.get().reason());
            }
        }
        if (own.isPresent() && now < own.get().untilMs() + settings.probationMs()) {
            return new ProverStanding(Standing.PROBATION, own.get().untilMs() + settings.probationMs(), "");
        }
        boolean proven = tx.jobs().prover(proverId).map(p -> p.jobsCompleted() > 0).orElse(false);
        return new ProverStanding(proven ? Standing.GOOD : Standing.NEW, 0, "");
    }

    /**
     * Checks a claim by {@code proverId} from {@code network} and returns it as it may be served: refused while the
     * prover or the prefix is quarantined, capped in jobs and lease length for new and probation provers.
     * {@code promised}: jobs this prover's earlier claims in the same group may still get (not yet claimed, so not
     * yet counted as held); they count against a new prover's cap as if held.
     */
    ClaimRequest admit(StoreTx tx, String proverId, String network, ClaimRequest request, long now, int promised) {
        if (!network.isEmpty()) {
            Optional<Quarantine> shared = tx.standing().quarantine(Quarantine.networkSubject(network));
            if (shared.isPresent() && shared.get().activeAt(now)) {
                throw refused(shared.get(), now);
            }
            tx.standing().noteNetwork(proverId, network, now);
        }
        ProverStanding standing = standing(tx, proverId, now);
        if (standing.standing() == Standing.QUARANTINED) {
            throw new PouwException(Problem.QUARANTINED, null, "this prover is quarantined until "
                    + standing.untilMs() + " ms: " + standing.reason(), standing.untilMs() - now);
        }
        if (ownWorkers.contains(proverId)) {
            return request.offeringFailedAgain();
        }
        if (!standing.standing().untrusted()) {
            return request;
        }
        int room = settings.newProverMaxJobs() - tx.standing().heldLeases(proverId) - promised;
        if (room <= 0) {
            throw new PouwException(Problem.RATE_LIMITED, "max_jobs", "a " + standing.standing().wire()
                    + " prover holds at most " + settings.newProverMaxJobs() + " jobs at once"
                    + " (market.new_prover_max_jobs); finish or give back one first");
        }
        return request.limitedTo(Math.min(room, request.maxJobs()),
                Math.min(request.leaseMs(), settings.newProverMaxLeaseMs()));
    }

    /**
     * Whether the failed attempt {@code job} (as it stood, still leased) counts against its {@code max_retries}: an
     * audited attempt always does; another only when its prover is in good standing.
     */
    boolean counts(StoreTx tx, Job job, String proverId, long now) {
        if (job.hasCommitment()) {
            return true;
        }
        return !standing(tx, proverId, now).standing().untrusted();
    }

    /** Records the strike and quarantines the prover, or its address prefix, once its budget is reached. */
    void strike(StoreTx tx, Job job, String proverId, AttemptOutcome outcome, long now) {
        if (proverId.isEmpty()) {
            return;
        }
        tx.standing().recordStrike(new Strike(proverId, job.jobId(), job.attempts(), outcome, now));
        long since = now - settings.windowMs();
        int own = tx.standing().strikesOfProver(proverId, since);
        if (own >= settings.strikeBudget()) {
            tx.standing().quarantine(new Quarantine(proverId, now, now + settings.quarantineMs(),
                    own + " failed, expired or abandoned leases in " + settings.windowMs() + " ms (budget "
                            + settings.strikeBudget() + ")"));
        }
        String network = tx.standing().networkOf(proverId);
        if (!network.isEmpty()) {
            int shared = tx.standing().strikesOfNetwork(network, since);
            if (shared >= settings.networkStrikeBudget()) {
                tx.standing().quarantine(new Quarantine(Quarantine.networkSubject(network), now,
                        now + settings.quarantineMs(), shared + " failed, expired or abandoned leases from this"
                                + " address prefix in " + settings.windowMs() + " ms (budget "
                                + settings.networkStrikeBudget() + ")"));
            }
        }
    }

    private static PouwException refused(Quarantine quarantine, long now) {
        return new PouwException(Problem.QUARANTINED, null, "claims from this address are refused until "
                + quarantine.untilMs() + " ms: " + quarantine.reason(), quarantine.untilMs() - now);
    }
}
