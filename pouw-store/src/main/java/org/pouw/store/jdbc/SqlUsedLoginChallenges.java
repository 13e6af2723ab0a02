package org.pouw.store.jdbc;

import org.pouw.core.port.UsedLoginChallenges;

/** The {@code used_login_challenges} table; the same SQL on SQLite and PostgreSQL. */
public final class SqlUsedLoginChallenges implements UsedLoginChallenges {
    // the primary key makes a second use of one challenge insert nothing, on this node or any other on the database
    private static final String USE = """
            INSERT INTO used_login_challenges (digest, expires_at_ms) VALUES (?, ?)
            ON CONFLICT (digest) DO NOTHING""";
    private static final String FORGET_EXPIRED = "DELETE FROM used_login_challenges WHERE expires_at_ms < ?";

    private final SqlSession sql;

    public SqlUsedLoginChallenges(SqlSession sql) {
        this.sql = sql;
    }

    @Override
    public boolean use(String challengeDigest, long expiresAtMs, long nowMs) {
        // a row is only needed while its challenge could still be presented; the index on the expiry keeps this
        // cheap, and sign-ins are few next to the market's calls
        sql.update(FORGET_EXPIRED, nowMs);
        return sql.update(USE, challengeDigest, expiresAtMs) == 1;
    }
}
