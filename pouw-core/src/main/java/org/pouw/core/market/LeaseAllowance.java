package org.pouw.core.market;

import java.util.Optional;
import org.pouw.core.job.ReputationRecord;
import org.pouw.core.port.StoreTx;
import org.pouw.core.standing.ProverLevel;
import org.pouw.core.standing.Quarantine;
import org.pouw.core.standing.Standing;

/**
 * How many leases a prover may hold at once, when levels have consequences (issue 27, item 4; docs/economics.md,
 * "Levels"). A prover on probation holds {@code market.new_prover_max_jobs} (P); an established or trusted one holds
 * what its verified work has earned, between P and {@code market.reputation.max_leases}, which at most doubles per
 * window ({@code market.reputation.allowance_window_ms}) and grows only when a verified result of work paid by others
 * settles. A quarantine or a failed audit resets it to P; a prover whose score fell below established is reset at its
 * next result. Collateral bounds it further: every lease locks its own, so a prover holds no more leases than its
 * free balance covers. Integer arithmetic on the stored record: every node gives the same allowance.
 */
public final class LeaseAllowance {
    private LeaseAllowance() {
    }

    /** The leases a prover of {@code level} with {@code record} may hold at once. */
    public static int of(LevelConsequences rules, int probationLeases, ProverLevel level, ReputationRecord record) {
        return switch (level) {
            case QUARANTINED -> 0;
            case PROBATION -> probationLeases;
            case ESTABLISHED, TRUSTED -> Math.min(rules.maxLeases(),
                    Math.max(probationLeases, record.leaseAllowance()));
        };
    }

    /**
     * {@code after} (the record with a verified result's weight added at {@code nowMs}) with its allowance as the
     * result leaves it: reset when the prover was not established before it; doubled (capped) when it is established
     * after it and a whole window passed since the allowance last grew.
     */
    static ReputationRecord afterVerifiedWork(LevelConsequences rules, int probationLeases, ProverLevel before,
                                              ProverLevel after, ReputationRecord record, long nowMs) {
        int base = before.established() ? of(rules, probationLeases, before, record) : probationLeases;
        ReputationRecord out = before.established() || record.leaseAllowance() == 0 ? record
                : record.withAllowance(0, record.allowanceAtMs());
        if (after.established() && nowMs - out.allowanceAtMs() >= rules.allowanceWindowMs()) {
            int grown = (int) Math.min(rules.maxLeases(), 2L * base);
            if (grown > base) {
                out = out.withAllowance(grown, nowMs);
            }
        }
        return out;
    }

    /** The standing a prover's own quarantine row gives at {@code nowMs} (a prover with a verified result is not new). */
    static Standing standingOf(Optional<Quarantine> own, long probationMs, long nowMs) {
        if (own.isPresent() && own.get().activeAt(nowMs)) {
            return Standing.QUARANTINED;
        }
        if (own.isPresent() && nowMs < own.get().untilMs() + probationMs) {
            return Standing.PROBATION;
        }
        return Standing.GOOD;
    }

    /** Grows allowances as verified work settles, inside the settling transaction ({@link DeferredWrites#flush}). */
    record Growth(LevelConsequences rules, int probationLeases, long probationMs) {
        ReputationRecord apply(StoreTx tx, ReputationRecord before, ReputationRecord after, long nowMs) {
            Standing standing = standingOf(tx.standing().quarantine(before.proverId()), probationMs, nowMs);
            return afterVerifiedWork(rules, probationLeases,
                    ProverLevel.of(standing, Reputation.permille(before, nowMs)),
                    ProverLevel.of(standing, Reputation.permille(after, nowMs)), after, nowMs);
        }
    }
}
