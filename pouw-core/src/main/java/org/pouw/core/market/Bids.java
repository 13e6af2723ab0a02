package org.pouw.core.market;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.pouw.core.PouwException;
import org.pouw.core.Problem;
import org.pouw.core.job.HolderClaim;
import org.pouw.core.job.Job;
import org.pouw.core.job.ReputationRecord;
import org.pouw.core.port.StoreTx;

/**
 * A claim's side of the reverse auction (issue 27, items 2 and 4; {@link ReverseAuction}), inside the claim's
 * transaction, on the jobs its statement just took (their rows are locked by it). Each job's price is fixed at the
 * offer of the moment if it has none yet; a job offering less than its claimer's ask is put back untouched, as if
 * never claimed (the statement compares the ask with the budget, the most a job can come to pay); each claimer locks
 * the collateral of the jobs it keeps, scaled by its {@link Reputation} (twice the base for an unknown prover, down
 * to the base for a long flawless record), all of it or the whole claim is refused.
 */
final class Bids {
    private final List<List<Job>> taken;
    /** Collateral to lock by claimer, in account order (the order every writer takes account rows in). */
    private final TreeMap<String, Long> collateral;

    private Bids(List<List<Job>> taken, TreeMap<String, Long> collateral) {
        this.taken = taken;
        this.collateral = collateral;
    }

    /** Prices the jobs {@code answers} gave each of {@code claims} and writes what changed. */
    static Bids fix(StoreTx tx, ReverseAuction auction, HolderClaim[] claims, List<List<Job>> answers, long nowMs) {
        List<List<Job>> taken = new ArrayList<>(answers.size());
        TreeMap<String, Long> collateral = new TreeMap<>();
        Map<String, Integer> reputations = auction.collateralPermille() == 0 ? Map.of()
                : scores(tx, claims, answers, nowMs);
        List<Job> writes = new ArrayList<>();
        for (int i = 0; i < answers.size(); i++) {
            String holder = claims[i].holder();
            long ask = claims[i].request().minReward();
            List<Job> kept = new ArrayList<>(answers.get(i).size());
            for (Job job : answers.get(i)) {
                long offer = auction.offer(job, nowMs);
                if (offer < ask) {
                    writes.add(job.unclaimed()); // not yet worth the claimer's while: left for a later claim
                    continue;
                }
                long locked = auction.collateralPermille() == 0 ? 0
                        : Reputation.collateral(auction.collateralFor(offer), reputations.get(holder));
                Job priced = job.priced(auction.ramps() ? offer : job.price(), locked);
                if (!priced.equals(job)) {
                    writes.add(priced);
                }
                if (locked > 0) {
                    // saturating: a sum past a long is more than any balance, refused below like any uncovered lock
                    collateral.merge(holder, locked, (a, b) -> a > Long.MAX_VALUE - b ? Long.MAX_VALUE : a + b);
                }
                kept.add(priced);
            }
            taken.add(kept);
        }
        if (!writes.isEmpty()) {
            tx.jobs().updateAll(writes);
        }
        return new Bids(taken, collateral);
    }

    /**
     * Each claimer's score from its weighed outcomes, decayed to now (a prover never seen scores 0), for every claimer
     * given a job: one read for the group, not one a claimer, since the group's locks are held while it runs.
     */
    private static Map<String, Integer> scores(StoreTx tx, HolderClaim[] claims, List<List<Job>> answers,
                                               long nowMs) {
        Set<String> holders = new TreeSet<>();
        for (int i = 0; i < answers.size(); i++) {
            if (!answers.get(i).isEmpty()) {
                holders.add(claims[i].holder());
            }
        }
        Map<String, Integer> scores = new HashMap<>();
        if (holders.isEmpty()) {
            return scores;
        }
        Map<String, ReputationRecord> records = tx.jobs().reputations(holders);
        for (String holder : holders) {
            ReputationRecord record = records.get(holder);
            scores.put(holder, record == null ? 0 : Reputation.permille(record, nowMs));
        }
        return scores;
    }

    /** Each claimer's jobs after the auction, in the order the claim answered them. */
    List<List<Job>> taken() {
        return taken;
    }

    /**
     * Locks each claimer's collateral; {@code INSUFFICIENT_FUNDS} naming {@code collateral} when a claimer's balance
     * not yet locked does not cover it, which rolls the whole claim back: no job is taken without its collateral.
     */
    void lockCollateral(StoreTx tx) {
        if (collateral.isEmpty()) {
            return;
        }
        tx.ledger().lockCollateral(collateral).ifPresent(account -> {
            long amount = collateral.get(account);
            long free = tx.ledger().balance(account) - tx.ledger().locked(account);
            throw new PouwException(Problem.INSUFFICIENT_FUNDS, "collateral", "these jobs need " + amount
                    + " locked as collateral, but only " + free + " of the balance of " + account
                    + " is free: claim fewer or cheaper jobs, or fund the account");
        });
    }
}
