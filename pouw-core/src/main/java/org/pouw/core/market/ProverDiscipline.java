package org.pouw.core.market;

import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import org.pouw.core.PouwException;
import org.pouw.core.Problem;
import org.pouw.core.job.AttemptOutcome;
import org.pouw.core.job.ClaimRequest;
import org.pouw.core.job.Job;
import org.pouw.core.job.ReputationRecord;
import org.pouw.core.port.StoreTx;
import org.pouw.core.standing.ClaimantFacts;
import org.pouw.core.standing.ClaimersWithReputations;
import org.pouw.core.standing.ProverLevel;
import org.pouw.core.standing.ProverStanding;
import org.pouw.core.standing.Quarantine;
import org.pouw.core.standing.Standing;
import org.pouw.core.standing.Strike;
import org.pouw.core.work.AuditSample;

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
 *     prover in good standing — a fresh or quarantined identity cannot spend a job's retries;</li>
 * <li>with levels on (issue 27, item 4; {@link LevelConsequences}), a prover's level sets its concurrent leases, checked
 *     again under its reputation row's lock after the claim, and one failed audit puts it back on probation.</li>
 * </ul>
 */
final class ProverDiscipline {
    private final DisciplineSettings settings;
    /** Whether any kind states a time (issue 27, item 3): if none does, claims carry no pace and groups stay alike. */
    private final boolean timed;
    private final LevelConsequences levels;
    private final Set<String> ownWorkers = ConcurrentHashMap.newKeySet();

    ProverDiscipline(DisciplineSettings settings, LevelConsequences levels, boolean timed) {
        this.timed = timed;
        this.settings = settings;
        this.levels = levels;
    }

    /** How verified work grows lease allowances; null when levels govern nothing. */
    LeaseAllowance.Growth allowanceGrowth() {
        return levels.enabled() ? new LeaseAllowance.Growth(levels, settings.newProverMaxJobs(), settings.probationMs())
                : null;
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
        String network = tx.standing().networkOf(proverId);
        Optional<Quarantine> shared = network.isEmpty() ? Optional.empty()
                : tx.standing().quarantine(Quarantine.networkSubject(network));
        return standing(own, shared, () -> tx.jobs().prover(proverId).map(p -> p.jobsCompleted() > 0).orElse(false),
                now);
    }

    /** The rule: quarantined (own or prefix), then on probation after an own quarantine, then proven or new. */
    private ProverStanding standing(Optional<Quarantine> own, Optional<Quarantine> shared, BooleanSupplier proven,
                                    long now) {
        if (own.isPresent() && own.get().activeAt(now)) {
            return new ProverStanding(Standing.QUARANTINED, own.get().untilMs(), own.get().reason());
        }
        if (shared.isPresent() && shared.get().activeAt(now)) {
            return new ProverStanding(Standing.QUARANTINED, shared.get().untilMs(), shared.get().reason());
        }
        if (own.isPresent() && now < own.get().untilMs() + settings.probationMs()) {
            return new ProverStanding(Standing.PROBATION, own.get().untilMs() + settings.probationMs(), "");
        }
        return new ProverStanding(proven.getAsBoolean() ? Standing.GOOD : Standing.NEW, 0, "");
    }

    /**
     * Admits a group of claims at once (issue 26: what the group needs to know is read in one statement, and the
     * prefixes are noted in one): each order comes back as it may be served, or refused while the prover or the
     * prefix is quarantined or a new or probation prover's cap is full, exactly as if the orders had been admitted
     * one after another in prover-id order (stable), each in a transaction of its own. So a refused order notes no
     * prefix (its lone transaction would have rolled back), and a prover's earlier admitted orders in the group
     * count against its cap as if held (they are not claimed yet). {@code requests[i]} is null for an order already
     * refused; its answer stays null.
     */
    ClaimAdmission[] admitGroup(StoreTx tx, List<ClaimOrder> orders, ClaimRequest[] requests, long now) {
        Set<String> provers = new TreeSet<>();
        Set<String> networks = new TreeSet<>();
        for (int i = 0; i < orders.size(); i++) {
            if (requests[i] != null) {
                provers.add(orders.get(i).prover().text());
                if (!orders.get(i).network().isEmpty()) {
                    networks.add(orders.get(i).network());
                }
            }
        }
        ClaimantFacts facts;
        Map<String, ReputationRecord> reputations;
        if (levels.enabled()) {
            // Every claimer's facts, held leases and reputation at once: one statement on PostgreSQL, where they were
            // three (issue 27: levels on must not cost the claim path round trips).
            ClaimersWithReputations read = tx.jobs().readClaimers(provers, networks, tx.standing());
            facts = read.facts();
            reputations = read.reputations();
        } else {
            facts = tx.standing().claimants(provers, networks);
            facts = facts.withHeld(tx.standing().heldLeases(needingHeldCount(facts, provers)));
            reputations = Map.of();
        }
        Integer[] byProver = new Integer[orders.size()];
        Arrays.setAll(byProver, i -> i);
        Arrays.sort(byProver, Comparator.comparing(i -> orders.get(i).prover().text()));
        ClaimAdmission[] answers = new ClaimAdmission[orders.size()];
        SortedMap<String, String> noted = new TreeMap<>();
        Map<String, Integer> promised = new HashMap<>();
        for (int i : byProver) {
            if (requests[i] == null) {
                continue;
            }
            String proverId = orders.get(i).prover().text();
            String network = orders.get(i).network();
            if (!network.isEmpty()) {
                Optional<Quarantine> shared = facts.quarantine(Quarantine.networkSubject(network));
                if (shared.isPresent() && shared.get().activeAt(now)) {
                    answers[i] = ClaimAdmission.refused(refused(shared.get(), now));
                    continue;
                }
            }
            ProverStanding standing = standingOf(facts, proverId,
                    network.isEmpty() ? noted.getOrDefault(proverId, facts.networkOf(proverId)) : network, now);
            if (standing.standing() == Standing.QUARANTINED) {
                answers[i] = ClaimAdmission.refused(new PouwException(Problem.QUARANTINED, null,
                        "this prover is quarantined until " + standing.untilMs() + " ms: " + standing.reason(),
                        standing.untilMs() - now));
                continue;
            }
            ClaimRequest request = requests[i];
            if (ownWorkers.contains(proverId)) {
                request = request.offeringFailedAgain();
            } else if (levels.enabled()) {
                ReputationRecord record = reputations.getOrDefault(proverId, ReputationRecord.none(proverId));
                ProverLevel level = ProverLevel.of(standing.standing(), Reputation.permille(record, now));
                int allowance = LeaseAllowance.of(levels, settings.newProverMaxJobs(), level, record);
                int room = allowance - facts.heldLeases(proverId) - promised.getOrDefault(proverId, 0);
                if (room <= 0) {
                    answers[i] = ClaimAdmission.refused(overAllowance(level, allowance));
                    continue;
                }
                request = request.limitedTo(Math.min(room, request.maxJobs()), standing.standing().untrusted()
                        ? Math.min(request.leaseMs(), settings.newProverMaxLeaseMs()) : request.leaseMs());
            } else if (standing.standing().untrusted()) {
                int room = settings.newProverMaxJobs() - facts.heldLeases(proverId)
                        - promised.getOrDefault(proverId, 0);
                if (room <= 0) {
                    answers[i] = ClaimAdmission.refused(new PouwException(Problem.RATE_LIMITED, "max_jobs", "a "
                            + standing.standing().wire() + " prover holds at most " + settings.newProverMaxJobs()
                            + " jobs at once (market.new_prover_max_jobs); finish or give back one first"));
                    continue;
                }
                request = request.limitedTo(Math.min(room, request.maxJobs()),
                        Math.min(request.leaseMs(), settings.newProverMaxLeaseMs()));
            }
            if (timed && !ownWorkers.contains(proverId)) {
                // offered only what it can finish before the deadline at its measured pace (issue 27, item 3)
                request = request.atPace(facts.paceOf(proverId).offeredAt(now));
            }
            if (!network.isEmpty()) {
                noted.put(proverId, network);
            }
            promised.merge(proverId, request.maxJobs(), Integer::sum);
            answers[i] = ClaimAdmission.admitted(request);
        }
        tx.standing().noteNetworks(noted, now);
        return answers;
    }

    /**
     * The provers whose held leases admission reads: with levels on every one's (its allowance), otherwise only a
     * new or probation prover's (its cap, {@code market.new_prover_max_jobs}); the node's own workers never. A
     * prover with an own quarantine on record is counted whether or not its probation is still running, so the set
     * is never short of one {@link #admitGroup} consults. Counting every claimer's leases read each lease they held,
     * for nothing when they were in good standing (issue 26).
     */
    private Set<String> needingHeldCount(ClaimantFacts facts, Set<String> provers) {
        Set<String> needed = new TreeSet<>();
        for (String proverId : provers) {
            if (ownWorkers.contains(proverId)) {
                continue;
            }
            if (levels.enabled() || !facts.hasCompleted(proverId) || facts.quarantine(proverId).isPresent()) {
                needed.add(proverId);
            }
        }
        return needed;
    }

    private PouwException overAllowance(ProverLevel level, int allowance) {
        return new PouwException(Problem.RATE_LIMITED, "max_jobs", "a prover at level " + level.wire()
                + " holds at most " + allowance + " jobs at once (docs/economics.md, \"Levels\"; the allowance at most"
                + " doubles per " + levels.allowanceWindowMs() + " ms of verified work, up to market.reputation"
                + ".max_leases); finish or give back one first");
    }

    /**
     * Checks, after the claim took its jobs and in its transaction, that no claimer holds more leases than its level
     * allows (levels on; the node's own workers aside). Each claimer's reputation row is locked first, in prover-id
     * order and after the provers' rows as every writer takes them, so two claims by one prover — on one node or
     * two sharing the database — count their leases one after the other: the later one sees the earlier's jobs, and
     * a claim that would go over throws, rolling back everything it took. Returns each checked claimer's level, as
     * counted under that lock, for its attempt rows (empty with levels off: nothing read, nothing recorded).
     */
    Map<String, ProverLevel> checkAllowances(StoreTx tx, Set<String> claimers, long now) {
        if (!levels.enabled()) {
            return Map.of();
        }
        SortedSet<String> counted = new TreeSet<>(claimers);
        counted.removeAll(ownWorkers);
        if (counted.isEmpty()) {
            return Map.of();
        }
        // One round trip for the group on PostgreSQL (V39; four statements before, and one a claimer before that: a
        // group of 64 took ~500 round trips and claims at 1,000/s queued for a second): the reputation rows locked in
        // prover-id order, then the standings as admission read them (the prefixes it noted are in this transaction)
        // and the leases counted under those locks, so two claims by one prover, on one node or two, still count one
        // after the other.
        ClaimersWithReputations locked = tx.jobs().lockClaimers(counted, now, tx.standing());
        Map<String, ReputationRecord> records = locked.reputations();
        ClaimantFacts facts = locked.facts();
        Map<String, ProverLevel> levelOf = new HashMap<>();
        for (String proverId : counted) {
            ReputationRecord record = records.get(proverId);
            ProverLevel level = ProverLevel.of(standingOf(facts, proverId, facts.networkOf(proverId), now).standing(),
                    Reputation.permille(record, now));
            int allowance = LeaseAllowance.of(levels, settings.newProverMaxJobs(), level, record);
            if (facts.heldLeases(proverId) > allowance) {
                throw overAllowance(level, allowance);
            }
            levelOf.put(proverId, level);
        }
        return levelOf;
    }

    /** Whether levels have consequences (docs/economics.md, "Levels"). */
    boolean levelsEnabled() {
        return levels.enabled();
    }

    /**
     * The level whose audit sample a challenge for {@code proverId}'s commitment follows now; empty when levels govern
     * nothing or the prover is the node's own worker (the full count: {@link #auditSample}).
     */
    Optional<ProverLevel> auditLevel(StoreTx tx, String proverId, long now) {
        if (!levels.enabled() || ownWorkers.contains(proverId)) {
            return Optional.empty();
        }
        int score = tx.jobs().reputation(proverId).map(record -> Reputation.permille(record, now)).orElse(0);
        return Optional.of(ProverLevel.of(standing(tx, proverId, now).standing(), score));
    }

    /** How many steps a challenge audits for a prover at {@code level}: the full count when there is none. */
    AuditSample auditSample(Optional<ProverLevel> level) {
        return level.map(levels::auditSample).orElse(AuditSample.FULL);
    }

    /**
     * A failed audit puts the prover back on probation (levels on): a quarantine that ends as it starts, so the
     * probation that follows every quarantine starts now, and its lease allowance is reset with the reputation row.
     */
    void failedAudit(StoreTx tx, DeferredWrites deferred, String proverId, long now) {
        if (!levels.enabled() || proverId.isEmpty() || ownWorkers.contains(proverId)) {
            return;
        }
        tx.standing().quarantine(new Quarantine(proverId, now, now, "a failed audit: back on probation"));
        deferred.resetAllowance(proverId);
    }

    /** {@link #standing(StoreTx, String, long)} from facts read beforehand, the prover claiming from {@code network}. */
    private ProverStanding standingOf(ClaimantFacts facts, String proverId, String network, long now) {
        if (ownWorkers.contains(proverId)) {
            return new ProverStanding(Standing.GOOD, 0, "");
        }
        Optional<Quarantine> shared = network.isEmpty() ? Optional.empty()
                : facts.quarantine(Quarantine.networkSubject(network));
        return standing(facts.quarantine(proverId), shared, () -> facts.hasCompleted(proverId), now);
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

    /**
     * Records the strike and quarantines the prover, or its address prefix, once its budget is reached; a quarantined
     * prover's lease allowance is reset ({@code deferred} weighs the strike's failure anyway). The strike counts in
     * full only once its job is completed ({@link #confirmStrikes}) or at once when it is a failed audit ({@code
     * confirmed}); until then at most {@code strikes_per_requester} of those on one requester's jobs count, so no
     * requester alone can strike a prover out with work nobody can do (docs/economics.md, "Strikes bounded per
     * requester until the job is done").
     */
    void strike(StoreTx tx, DeferredWrites deferred, Job job, String proverId, AttemptOutcome outcome,
                boolean confirmed, long now) {
        if (proverId.isEmpty()) {
            return;
        }
        tx.standing().recordStrike(new Strike(proverId, job.jobId(), job.attempts(), outcome, now,
                job.requester().text(), confirmed));
        checkBudgets(tx, deferred, proverId, now);
    }

    /**
     * {@code jobs} were completed in this transaction: the strikes collected on them were the provers' doing after
     * all and count in full now, each prover's budget checked again (in prover-id order). A job none of whose leases
     * ended without a result has an empty {@code last_error} and costs no statement.
     */
    void confirmStrikes(StoreTx tx, DeferredWrites deferred, Collection<Job> jobs, long now) {
        Set<String> provers = new TreeSet<>();
        for (Job job : jobs) {
            if (!job.lastError().isEmpty()) {
                provers.addAll(tx.standing().confirmStrikes(job.jobId()));
            }
        }
        for (String proverId : provers) {
            checkBudgets(tx, deferred, proverId, now);
        }
    }

    private void checkBudgets(StoreTx tx, DeferredWrites deferred, String proverId, long now) {
        long since = now - settings.windowMs();
        int perRequester = settings.strikesPerRequester();
        int own = tx.standing().strikesOfProver(proverId, since, perRequester);
        if (own >= settings.strikeBudget()) {
            tx.standing().quarantine(new Quarantine(proverId, now, now + settings.quarantineMs(),
                    own + " failed, expired or abandoned leases in " + settings.windowMs() + " ms (budget "
                            + settings.strikeBudget() + ")"));
            deferred.resetAllowance(proverId);
        }
        String network = tx.standing().networkOf(proverId);
        if (!network.isEmpty()) {
            int shared = tx.standing().strikesOfNetwork(network, since, perRequester);
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
