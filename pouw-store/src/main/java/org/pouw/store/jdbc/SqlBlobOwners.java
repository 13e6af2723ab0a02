package org.pouw.store.jdbc;

import org.pouw.core.port.BlobOwners;

/** The {@code blob_owners} table; the same SQL on SQLite and PostgreSQL. */
public final class SqlBlobOwners implements BlobOwners {
    private static final String ADD = """
            INSERT INTO blob_owners (blob_key, owner) VALUES (?, ?)
            ON CONFLICT (blob_key, owner) DO NOTHING""";
    private static final String OWNS = "SELECT 1 FROM blob_owners WHERE blob_key = ? AND owner = ?";

    private final SqlSession sql;

    public SqlBlobOwners(SqlSession sql) {
        this.sql = sql;
    }

    @Override
    public void add(String blobKey, String owner) {
        sql.update(ADD, blobKey, owner);
    }

    @Override
    public boolean owns(String blobKey, String owner) {
        return sql.first(OWNS, row -> true, blobKey, owner).isPresent();
    }
}
