package org.pouw.store.postgres;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.pouw.core.job.ReputationRecord;
import org.pouw.core.standing.ClaimantFacts;
import org.pouw.core.standing.ClaimersWithReputations;
import org.pouw.core.standing.ProverPace;
import org.pouw.core.standing.Quarantine;
import org.pouw.store.jdbc.SqlSession;

/**
 * A claim group's claimers with levels on, read in one round trip by the database function {@code claimer_facts}
 * (migration V39): their standing facts, held leases and reputation rows, the rows first made and locked in
 * prover-id order when asked. Levels on cost a group seven statements more than off; now two (issue 27).
 */
final class PostgresClaimerFacts {
    private static final String CLAIMER_FACTS = """
            SELECT fact, fact_subject, n1, n2, n3, n4, n5, words FROM claimer_facts(?::text[], ?::text[], ?, ? = 1)""";

    private final SqlSession sql;

    PostgresClaimerFacts(SqlSession sql) {
        this.sql = sql;
    }

    ClaimersWithReputations read(Collection<String> proverIds, Collection<String> networks, long nowMs,
                                 boolean lock) {
        Map<String, ReputationRecord> reputations = new HashMap<>();
        Map<String, Integer> held = new HashMap<>();
        Map<String, Quarantine> quarantines = new HashMap<>();
        Map<String, String> known = new HashMap<>();
        Set<String> proven = new HashSet<>();
        Map<String, ProverPace> paces = new HashMap<>();
        if (proverIds.isEmpty()) {
            return new ClaimersWithReputations(new ClaimantFacts(quarantines, known, proven, held, paces),
                    reputations);
        }
        List<String> provers = new ArrayList<>(proverIds);
        sql.list(CLAIMER_FACTS, row -> {
            String subject = row.getString(2);
            switch (row.getString(1)) {
                case "r" -> reputations.put(subject, new ReputationRecord(subject, row.getLong(3), row.getLong(4),
                        row.getLong(5), (int) row.getLong(6), row.getLong(7)));
                case "h" -> held.put(subject, (int) row.getLong(3));
                case "q" -> quarantines.put(subject, new Quarantine(subject, row.getLong(3), row.getLong(4),
                        row.getString(8)));
                case "p" -> {
                    known.put(subject, row.getString(8));
                    paces.put(subject, new ProverPace(row.getLong(4), row.getLong(5)));
                    if (row.getLong(3) > 0) {
                        proven.add(subject);
                    }
                }
                default -> throw new IllegalStateException("claimer_facts answered an unknown fact "
                        + row.getString(1));
            }
            return subject;
        }, sql.textArray(provers), sql.textArray(List.copyOf(networks)), nowMs, lock ? 1 : 0);
        if (lock && reputations.size() != provers.size()) {
            throw new IllegalStateException("reputation rows vanished: " + provers.size() + " made, "
                    + reputations.size() + " read");
        }
        return new ClaimersWithReputations(new ClaimantFacts(quarantines, known, proven, held, paces), reputations);
    }
}
