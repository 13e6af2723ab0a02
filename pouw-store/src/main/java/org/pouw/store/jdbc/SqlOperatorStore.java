package org.pouw.store.jdbc;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.pouw.core.id.JobId;
import org.pouw.core.operator.ClaimBarriers;
import org.pouw.core.operator.ClaimingPause;
import org.pouw.core.operator.ProverBan;
import org.pouw.core.port.OperatorStore;

/** The {@code claiming_pause}, {@code prover_bans} and {@code lease_releases} tables; the same SQL on both databases. */
public final class SqlOperatorStore implements OperatorStore {
    private static final String PAUSE = "SELECT since_ms, paused_by, reason FROM claiming_pause WHERE id = 1";
    private static final String PAUSE_CLAIMING = """
            INSERT INTO claiming_pause (id, since_ms, paused_by, reason) VALUES (1, ?, ?, ?)
            ON CONFLICT (id) DO NOTHING""";
    private static final String RESUME_CLAIMING = "DELETE FROM claiming_pause WHERE id = 1";
    // The pause ('p') and the bans ('b') among the claimers, in one round trip.
    private static final String BARRIERS = """
            SELECT 'p', '', since_ms, paused_by, reason FROM claiming_pause WHERE id = 1
            UNION ALL
            SELECT 'b', prover_id, since_ms, banned_by, reason FROM prover_bans WHERE prover_id IN (%s)""";
    private static final String BAN_COLUMNS = "SELECT prover_id, since_ms, banned_by, reason FROM prover_bans";
    private static final String BAN = """
            INSERT INTO prover_bans (prover_id, since_ms, banned_by, reason) VALUES (?, ?, ?, ?)
            ON CONFLICT (prover_id) DO NOTHING""";
    private static final String UNBAN = "DELETE FROM prover_bans WHERE prover_id = ?";
    private static final String ONE_BAN = BAN_COLUMNS + " WHERE prover_id = ?";
    private static final String ALL_BANS = BAN_COLUMNS + " ORDER BY since_ms DESC, prover_id LIMIT ?";
    // The reaper's partial index on in-progress jobs holds the few leased rows; the holder is filtered among them.
    private static final String LEASED_BY = """
            SELECT job_id FROM jobs WHERE status = 'in_progress' AND lease_holder = ? ORDER BY job_id LIMIT ?""";
    private static final String RECORD_RELEASE =
            "INSERT INTO lease_releases (prover_id, job_id, released_at_ms) VALUES (?, ?, ?)";
    private static final String RELEASES_SINCE =
            "SELECT count(*) FROM lease_releases WHERE prover_id = ? AND released_at_ms >= ?";
    private static final String FORGET_RELEASES = "DELETE FROM lease_releases WHERE released_at_ms < ?";

    private final SqlSession sql;

    public SqlOperatorStore(SqlSession sql) {
        this.sql = sql;
    }

    @Override
    public Optional<ClaimingPause> claimingPause() {
        return sql.first(PAUSE, row -> new ClaimingPause(row.getLong(1), row.getString(2), row.getString(3)));
    }

    @Override
    public boolean pauseClaiming(ClaimingPause pause) {
        return sql.update(PAUSE_CLAIMING, pause.sinceMs(), pause.pausedBy(), pause.reason()) == 1;
    }

    @Override
    public boolean resumeClaiming() {
        return sql.update(RESUME_CLAIMING) == 1;
    }

    @Override
    public boolean ban(ProverBan ban) {
        return sql.update(BAN, ban.proverId(), ban.sinceMs(), ban.bannedBy(), ban.reason()) == 1;
    }

    @Override
    public boolean unban(String proverId) {
        return sql.update(UNBAN, proverId) == 1;
    }

    @Override
    public Optional<ProverBan> ban(String proverId) {
        return sql.first(ONE_BAN, SqlOperatorStore::ban, proverId);
    }

    @Override
    public List<ProverBan> bansAmong(List<String> proverIds) {
        if (proverIds.isEmpty()) {
            return List.of();
        }
        if (proverIds.size() == 1) {
            return ban(proverIds.getFirst()).map(List::of).orElse(List.of());
        }
        String marks = String.join(", ", Collections.nCopies(proverIds.size(), "?"));
        return sql.list(BAN_COLUMNS + " WHERE prover_id IN (" + marks + ") ORDER BY prover_id",
                SqlOperatorStore::ban, proverIds.toArray());
    }

    /** The pause and the claimers' bans in one statement: a claim group's first, so its round trip counts. */
    @Override
    public ClaimBarriers claimBarriers(List<String> proverIds) {
        if (proverIds.isEmpty()) {
            return new ClaimBarriers(claimingPause(), List.of());
        }
        String marks = String.join(", ", Collections.nCopies(proverIds.size(), "?"));
        List<ProverBan> bans = new ArrayList<>();
        Optional<ClaimingPause> pause = sql.list(BARRIERS.formatted(marks), row -> {
            if (row.getString(1).equals("b")) {
                bans.add(ban(row.getString(2), row));
                return Optional.<ClaimingPause>empty();
            }
            return Optional.of(new ClaimingPause(row.getLong(3), row.getString(4), row.getString(5)));
        }, proverIds.toArray()).stream().flatMap(Optional::stream).findFirst();
        return new ClaimBarriers(pause, bans);
    }

    @Override
    public List<ProverBan> bans(int limit) {
        return sql.list(ALL_BANS, SqlOperatorStore::ban, limit);
    }

    @Override
    public List<JobId> leasedBy(String proverId, int limit) {
        return sql.list(LEASED_BY, row -> JobId.of(row.getString(1)), proverId, limit);
    }

    @Override
    public void recordRelease(String proverId, JobId jobId, long atMs) {
        sql.update(RECORD_RELEASE, proverId, jobId.hex(), atMs);
    }

    @Override
    public int releasesSince(String proverId, long sinceMs) {
        return (int) sql.longValue(RELEASES_SINCE, 0, proverId, sinceMs);
    }

    @Override
    public int forgetReleases(long beforeMs) {
        return sql.update(FORGET_RELEASES, beforeMs);
    }

    private static ProverBan ban(java.sql.ResultSet row) throws java.sql.SQLException {
        return new ProverBan(row.getString(1), row.getLong(2), row.getString(3), row.getString(4));
    }

    private static ProverBan ban(String proverId, java.sql.ResultSet row) throws java.sql.SQLException {
        return new ProverBan(proverId, row.getLong(3), row.getString(4), row.getString(5));
    }
}
