package org.pouw.store.jdbc;

import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.pouw.gate.partner.PartnerKeys;
import org.pouw.gate.partner.StoredPartnerKey;

/**
 * pouw-gate's {@link PartnerKeys} in the node's database (SQLite or PostgreSQL, table {@code partner_keys}): the
 * prefix, the partner and the SHA-256 of the key as 64 hex digits — never the key. Every node sharing the database
 * reads the row on every lookup and caches nothing, so a revocation through one node is refused by all at once.
 * An add inserts the key (a taken prefix → {@code PREFIX_TAKEN}) and takes one of the partner's two slots
 * ({@link PartnerKeySlots}) in one transaction; with no slot left the insert is rolled back → {@code
 * TWO_ACTIVE_ALREADY}.
 */
public final class SqlPartnerKeys implements PartnerKeys {
    private static final String INSERT = "INSERT INTO partner_keys (prefix, partner_id, key_sha256, revoked) "
            + "VALUES (?, ?, ?, 0) ON CONFLICT (prefix) DO NOTHING";
    private static final String BY_PREFIX =
            "SELECT partner_id, prefix, key_sha256, revoked FROM partner_keys WHERE prefix = ?";
    private static final String REVOKE = "UPDATE partner_keys SET revoked = 1 WHERE prefix = ? AND revoked = 0 "
            + "RETURNING partner_id";
    private static final String OF_PARTNER =
            "SELECT partner_id, prefix, key_sha256, revoked FROM partner_keys WHERE partner_id = ? ORDER BY prefix";
    private static final String EXISTS = "SELECT COUNT(*) FROM partner_keys WHERE prefix = ?";
    private static final HexFormat HEX = HexFormat.of();

    private final SqlTransactions database;
    private final PartnerKeySlots slots = new PartnerKeySlots("api");

    public SqlPartnerKeys(SqlTransactions database) {
        this.database = database;
    }

    @Override
    public Added add(String partnerId, String prefix, byte[] keyHash) {
        requireText("partner_id", partnerId);
        requireText("prefix", prefix);
        if (keyHash == null || keyHash.length != 32) {
            throw new IllegalArgumentException("key_hash must be a SHA-256 (32 bytes), got "
                    + (keyHash == null ? "none" : keyHash.length + " bytes"));
        }
        try {
            return database.writeSql(sql -> {
                if (sql.update(INSERT, prefix, partnerId, HEX.formatHex(keyHash)) == 0) {
                    return Added.PREFIX_TAKEN;
                }
                if (!slots.take(sql, partnerId, MAX_ACTIVE_PER_PARTNER)) {
                    throw new WriteRefusal(Added.TWO_ACTIVE_ALREADY);
                }
                return Added.ADDED;
            });
        } catch (WriteRefusal refused) {
            return refused.answer(Added.class);
        }
    }

    @Override
    public Optional<StoredPartnerKey> byPrefix(String prefix) {
        return database.readSql(sql -> sql.first(BY_PREFIX, row -> new StoredPartnerKey(row.getString(1),
                row.getString(2), HEX.parseHex(row.getString(3)), row.getInt(4) == 1), prefix));
    }

    @Override
    public boolean revoke(String prefix) {
        return database.writeSql(sql -> {
            Optional<String> partner = sql.first(REVOKE, row -> row.getString(1), prefix);
            if (partner.isPresent()) {
                slots.giveBack(sql, partner.get());
                return true;
            }
            // Revoked already (still true: it stays revoked) or unknown.
            return sql.longValue(EXISTS, 0, prefix) > 0;
        });
    }

    @Override
    public List<StoredPartnerKey> keysOf(String partnerId) {
        return database.readSql(sql -> sql.list(OF_PARTNER, row -> new StoredPartnerKey(row.getString(1),
                row.getString(2), HEX.parseHex(row.getString(3)), row.getInt(4) == 1), partnerId));
    }

    static void requireText(String field, String value) {
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException(field + " must not be empty");
        }
    }
}
