package org.pouw.store.jdbc;

/**
 * The per-partner limit of unrevoked keys (issue 21 §4: two, one in use and one being rotated in), kept as a counter
 * row per partner and sort of key in {@code partner_active_keys}. Taking a slot is one conditional upsert that
 * changes nothing at the limit; on PostgreSQL it locks the partner's row, so of two concurrent adds at the last slot,
 * on one node or two, the second waits and then finds no slot. Runs inside its caller's write transaction.
 */
final class PartnerKeySlots {
    private static final String TAKE = """
            INSERT INTO partner_active_keys (partner_id, key_sort, active) VALUES (?, ?, 1)
            ON CONFLICT (partner_id, key_sort) DO UPDATE SET active = partner_active_keys.active + 1
            WHERE partner_active_keys.active < ?""";
    private static final String GIVE_BACK = """
            UPDATE partner_active_keys SET active = active - 1 WHERE partner_id = ? AND key_sort = ? AND active > 0""";

    private final String sort;

    /** @param sort {@code api} or {@code signing}: the two sorts are limited separately */
    PartnerKeySlots(String sort) {
        this.sort = sort;
    }

    /** Takes a slot; false (nothing changed) if the partner has {@code limit} unrevoked keys of this sort. */
    boolean take(SqlSession sql, String partnerId, int limit) {
        return sql.update(TAKE, partnerId, sort, limit) == 1;
    }

    /** Gives back the slot of a key just revoked. */
    void giveBack(SqlSession sql, String partnerId) {
        if (sql.update(GIVE_BACK, partnerId, sort) != 1) {
            throw new IllegalStateException("partner " + partnerId + " revoked a " + sort
                    + " key while holding no slot: partner_active_keys disagrees with its keys");
        }
    }
}
