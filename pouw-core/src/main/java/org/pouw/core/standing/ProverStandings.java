package org.pouw.core.standing;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.pouw.core.job.ProverStats;
import org.pouw.core.port.StoreTx;

/**
 * The standing of every listed prover at one moment, from one read of the quarantines (for the provers listing,
 * which must not cost a query per prover). A prover claiming from a quarantined address prefix is refused too, but
 * is listed by its own standing.
 */
public final class ProverStandings {
    /** Enough for every quarantine a busy node holds within one probation period. */
    private static final int MAX_ROWS = 100_000;

    private ProverStandings() {
    }

    public static Map<String, ProverStanding> of(StoreTx tx, List<ProverStats> provers, long probationMs,
                                                 long nowMs) {
        Map<String, Quarantine> quarantines = new HashMap<>();
        for (Quarantine quarantine : tx.standing().quarantines(MAX_ROWS)) {
            quarantines.put(quarantine.subject(), quarantine);
        }
        Map<String, ProverStanding> standings = new LinkedHashMap<>();
        for (ProverStats prover : provers) {
            Quarantine own = quarantines.get(prover.proverId());
            ProverStanding standing;
            if (own != null && own.activeAt(nowMs)) {
                standing = new ProverStanding(Standing.QUARANTINED, own.untilMs(), own.reason());
            } else if (own != null && nowMs < own.untilMs() + probationMs) {
                standing = new ProverStanding(Standing.PROBATION, own.untilMs() + probationMs, "");
            } else {
                standing = new ProverStanding(prover.jobsCompleted() > 0 ? Standing.GOOD : Standing.NEW, 0, "");
            }
            standings.put(prover.proverId(), standing);
        }
        return standings;
    }
}
