package org.pouw.store.jdbc;

import java.util.Optional;
import org.pouw.gate.partner.PartnerKeys;
import org.pouw.gate.partner.PartnerSigningKeys;

/**
 * pouw-gate's {@link PartnerSigningKeys} in the node's database (table {@code partner_signing_keys}): which did:key
 * signs for which partner, and whether it is revoked; read on every request by every node, so a revocation is seen
 * at once. Two unrevoked keys per partner, taken atomically like API keys ({@link PartnerKeySlots}, sort
 * {@code signing}, counted apart from API keys).
 */
public final class SqlPartnerSigningKeys implements PartnerSigningKeys {
    private static final String INSERT = "INSERT INTO partner_signing_keys (did, partner_id, revoked) VALUES (?, ?, 0) "
            + "ON CONFLICT (did) DO NOTHING";
    private static final String BY_DID = "SELECT partner_id, did, revoked FROM partner_signing_keys WHERE did = ?";
    private static final String REVOKE = "UPDATE partner_signing_keys SET revoked = 1 WHERE did = ? AND revoked = 0 "
            + "RETURNING partner_id";
    private static final String EXISTS = "SELECT COUNT(*) FROM partner_signing_keys WHERE did = ?";

    private final SqlTransactions database;
    private final PartnerKeySlots slots = new PartnerKeySlots("signing");

    public SqlPartnerSigningKeys(SqlTransactions database) {
        this.database = database;
    }

    @Override
    public PartnerKeys.Added add(String partnerId, String did) {
        SqlPartnerKeys.requireText("partner_id", partnerId);
        SqlPartnerKeys.requireText("did", did);
        try {
            return database.writeSql(sql -> {
                if (sql.update(INSERT, did, partnerId) == 0) {
                    return PartnerKeys.Added.PREFIX_TAKEN;
                }
                if (!slots.take(sql, partnerId, PartnerKeys.MAX_ACTIVE_PER_PARTNER)) {
                    throw new WriteRefusal(PartnerKeys.Added.TWO_ACTIVE_ALREADY);
                }
                return PartnerKeys.Added.ADDED;
            });
        } catch (WriteRefusal refused) {
            return refused.answer(PartnerKeys.Added.class);
        }
    }

    @Override
    public Optional<PartnerSigner> byDid(String did) {
        return database.readSql(sql -> sql.first(BY_DID, row -> new PartnerSigner(row.getString(1), row.getString(2),
                row.getInt(3) == 1), did));
    }

    @Override
    public boolean revoke(String did) {
        return database.writeSql(sql -> {
            Optional<String> partner = sql.first(REVOKE, row -> row.getString(1), did);
            if (partner.isPresent()) {
                slots.giveBack(sql, partner.get());
                return true;
            }
            return sql.longValue(EXISTS, 0, did) > 0;
        });
    }
}
