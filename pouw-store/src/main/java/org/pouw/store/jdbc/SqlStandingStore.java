package org.pouw.store.jdbc;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import org.pouw.core.id.JobId;
import org.pouw.core.port.StandingStore;
import org.pouw.core.standing.ClaimantFacts;
import org.pouw.core.standing.ProverPace;
import org.pouw.core.standing.Quarantine;
import org.pouw.core.standing.Strike;

/** The {@code prover_strikes} and {@code quarantines} tables; the same SQL on SQLite and PostgreSQL. */
public final class SqlStandingStore implements StandingStore {
    // Registers the prover if this is its first claim (it may fail before it is touched otherwise).
    private static final String NOTE_NETWORK = """
            INSERT INTO provers (prover_id, registered_at_ms, last_seen_ms, network) VALUES (?, ?, ?, ?)
            ON CONFLICT (prover_id) DO UPDATE SET network = excluded.network
            WHERE provers.network <> excluded.network""";
    private static final String NETWORK_OF = "SELECT network FROM provers WHERE prover_id = ?";
    private static final String STRIKE = """
            INSERT INTO prover_strikes (prover_id, network, job_id, attempt_no, outcome, at_ms, requester, confirmed)
            VALUES (?, COALESCE((SELECT network FROM provers WHERE prover_id = ?), ''), ?, ?, ?, ?, ?, ?)""";
    // Confirmed strikes count in full; unconfirmed ones at most ? per prover and requester (docs/economics.md,
    // "Strikes bounded per requester until the job is done"): for a prefix, each of its provers' own bound. The
    // window holds a few rows per subject, read by the (subject, at_ms) index.
    private static final String COUNTED = """
            SELECT COALESCE(SUM(CASE WHEN confirmed = 1 OR n <= ? THEN n ELSE ? END), 0) FROM (
                SELECT prover_id, requester, confirmed, count(*) AS n FROM prover_strikes
                WHERE %s = ? AND at_ms >= ? GROUP BY prover_id, requester, confirmed) per_requester""";
    private static final String OF_PROVER = COUNTED.formatted("prover_id");
    private static final String OF_NETWORK = COUNTED.formatted("network");
    private static final String UNCONFIRMED_OF_JOB =
            "SELECT DISTINCT prover_id FROM prover_strikes WHERE job_id = ? AND confirmed = 0 ORDER BY prover_id";
    private static final String CONFIRM = "UPDATE prover_strikes SET confirmed = 1 WHERE job_id = ? AND confirmed = 0";
    // A quarantine that is still running keeps its start; one that ended starts again now. The later end wins.
    private static final String QUARANTINE = """
            INSERT INTO quarantines (subject, since_ms, until_ms, reason) VALUES (?, ?, ?, ?)
            ON CONFLICT (subject) DO UPDATE SET
                since_ms = CASE WHEN quarantines.until_ms > excluded.since_ms THEN quarantines.since_ms
                                ELSE excluded.since_ms END,
                until_ms = CASE WHEN excluded.until_ms > quarantines.until_ms THEN excluded.until_ms
                                ELSE quarantines.until_ms END,
                reason = excluded.reason""";
    private static final String COLUMNS = "subject, since_ms, until_ms, reason";
    private static final String ONE = "SELECT " + COLUMNS + " FROM quarantines WHERE subject = ?";
    private static final String ALL = "SELECT " + COLUMNS + " FROM quarantines ORDER BY until_ms DESC, subject LIMIT ?";
    private static final String ACTIVE_PROVERS =
            "SELECT count(*) FROM quarantines WHERE until_ms > ? AND subject NOT LIKE 'net:%'";
    /** Kept by the triggers on jobs (migration V40), so a read by key, not a count of the prover's leases. */
    private static final String HELD = "SELECT held FROM prover_held_leases WHERE prover_id = ?";
    private static final String FORGET_STRIKES = "DELETE FROM prover_strikes WHERE at_ms < ?";
    private static final String FORGET_QUARANTINES = "DELETE FROM quarantines WHERE until_ms < ?";

    /**
     * A claim group's facts in one statement (issue 26): quarantines of the listed subjects (the provers and the
     * prefixes the orders come from) and of the provers' last prefixes; each known prover's prefix and completed
     * jobs. Lists are padded to a power of two so a few statement texts serve every group size (a value repeated in
     * an IN list changes nothing). The held leases are counted apart ({@link #HELD_BY}), for the provers whose
     * count decides something: counting them here for every claimer read every lease the group's claimers held,
     * the largest cost of a claim group on PostgreSQL (39 ms of about 80 a group at 1,000 claims/s).
     */
    private static final String CLAIMANTS = """
            SELECT 'q', subject, since_ms, until_ms, reason, 0 FROM quarantines
            WHERE subject IN (%2$s)
               OR subject IN (SELECT 'net:' || network FROM provers WHERE prover_id IN (%1$s) AND network <> '')
            UNION ALL
            SELECT 'p', prover_id, jobs_completed, pace_permille, network, pace_at_ms FROM provers
            WHERE prover_id IN (%1$s)""";
    private static final String HELD_BY = """
            SELECT prover_id, held FROM prover_held_leases WHERE prover_id IN (%s) AND held > 0""";
    private static final String NOTE_NETWORKS = """
            INSERT INTO provers (prover_id, registered_at_ms, last_seen_ms, network) VALUES %s
            ON CONFLICT (prover_id) DO UPDATE SET network = excluded.network
            WHERE provers.network <> excluded.network""";

    private final SqlSession sql;

    public SqlStandingStore(SqlSession sql) {
        this.sql = sql;
    }

    @Override
    public void noteNetwork(String proverId, String network, long nowMs) {
        sql.update(NOTE_NETWORK, proverId, nowMs, nowMs, network);
    }

    @Override
    public void noteNetworks(SortedMap<String, String> networkByProver, long nowMs) {
        if (networkByProver.isEmpty()) {
            return;
        }
        List<Object> params = new ArrayList<>(networkByProver.size() * 4);
        networkByProver.forEach((prover, network) -> {
            params.add(prover);
            params.add(nowMs);
            params.add(nowMs);
            params.add(network);
        });
        // Rows in the map's (prover-id) order: the order every writer takes prover rows in.
        sql.update(NOTE_NETWORKS.formatted(String.join(", ", Collections.nCopies(networkByProver.size(),
                "(?, ?, ?, ?)"))), params.toArray());
    }

    @Override
    public ClaimantFacts claimants(Collection<String> proverIds, Collection<String> networks) {
        if (proverIds.isEmpty()) {
            return new ClaimantFacts(Map.of(), Map.of(), Set.of(), Map.of());
        }
        List<String> provers = padded(List.copyOf(proverIds));
        List<String> subjects = new ArrayList<>(proverIds);
        networks.forEach(network -> subjects.add(Quarantine.networkSubject(network)));
        List<String> paddedSubjects = padded(subjects);
        List<Object> params = new ArrayList<>(paddedSubjects);
        for (int use = 0; use < 2; use++) {
            params.addAll(provers);
        }
        Map<String, Quarantine> quarantines = new HashMap<>();
        Map<String, String> known = new HashMap<>();
        Set<String> proven = new HashSet<>();
        Map<String, ProverPace> paces = new HashMap<>();
        sql.list(CLAIMANTS.formatted(marks(provers.size()), marks(paddedSubjects.size())), row -> {
            String subject = row.getString(2);
            switch (row.getString(1)) {
                case "q" -> quarantines.put(subject, new Quarantine(subject, row.getLong(3), row.getLong(4),
                        row.getString(5)));
                default -> {
                    known.put(subject, row.getString(5));
                    paces.put(subject, new ProverPace(row.getLong(4), row.getLong(6)));
                    if (row.getLong(3) > 0) {
                        proven.add(subject);
                    }
                }
            }
            return subject;
        }, params.toArray());
        return new ClaimantFacts(quarantines, known, proven, Map.of(), paces);
    }

    @Override
    public Map<String, Integer> heldLeases(Collection<String> proverIds) {
        if (proverIds.isEmpty()) {
            return Map.of();
        }
        List<String> provers = padded(List.copyOf(proverIds));
        Map<String, Integer> held = new HashMap<>();
        sql.list(HELD_BY.formatted(marks(provers.size())), row -> {
            held.put(row.getString(1), (int) row.getLong(2));
            return row.getString(1);
        }, provers.toArray());
        return held;
    }

    private static String marks(int count) {
        return String.join(", ", Collections.nCopies(count, "?"));
    }

    /** {@code values} with its last value repeated up to the next power of two. */
    private static List<String> padded(List<String> values) {
        List<String> out = new ArrayList<>(values);
        while (Integer.bitCount(out.size()) != 1) {
            out.add(values.getLast());
        }
        return out;
    }

    @Override
    public void recordStrike(Strike strike) {
        sql.update(STRIKE, strike.proverId(), strike.proverId(), strike.jobId(), strike.attemptNo(),
                strike.outcome().wire(), strike.atMs(), strike.requester(), strike.confirmed() ? 1 : 0);
    }

    @Override
    public List<String> confirmStrikes(JobId jobId) {
        List<String> provers = sql.list(UNCONFIRMED_OF_JOB, row -> row.getString(1), jobId);
        if (!provers.isEmpty()) {
            sql.update(CONFIRM, jobId);
        }
        return provers;
    }

    @Override
    public String networkOf(String proverId) {
        return sql.first(NETWORK_OF, row -> row.getString(1), proverId).orElse("");
    }

    @Override
    public int strikesOfProver(String proverId, long sinceMs, int perRequester) {
        return (int) sql.longValue(OF_PROVER, 0, perRequester, perRequester, proverId, sinceMs);
    }

    @Override
    public int strikesOfNetwork(String network, long sinceMs, int perRequester) {
        return (int) sql.longValue(OF_NETWORK, 0, perRequester, perRequester, network, sinceMs);
    }

    @Override
    public void quarantine(Quarantine quarantine) {
        sql.update(QUARANTINE, quarantine.subject(), quarantine.sinceMs(), quarantine.untilMs(),
                quarantine.reason());
    }

    @Override
    public Optional<Quarantine> quarantine(String subject) {
        return sql.first(ONE, SqlStandingStore::read, subject);
    }

    @Override
    public List<Quarantine> quarantines(int limit) {
        return sql.list(ALL, SqlStandingStore::read, limit);
    }

    @Override
    public long quarantinedProvers(long nowMs) {
        return sql.longValue(ACTIVE_PROVERS, 0, nowMs);
    }

    @Override
    public int heldLeases(String proverId) {
        return (int) sql.longValue(HELD, 0, proverId);
    }

    @Override
    public int forgetBefore(long strikesBeforeMs, long quarantinesEndedBeforeMs) {
        return sql.update(FORGET_STRIKES, strikesBeforeMs) + sql.update(FORGET_QUARANTINES, quarantinesEndedBeforeMs);
    }

    private static Quarantine read(java.sql.ResultSet row) throws java.sql.SQLException {
        return new Quarantine(row.getString(1), row.getLong(2), row.getLong(3), row.getString(4));
    }
}
