package org.pouw.store.jdbc;

import java.util.Optional;
import org.pouw.core.id.IntentId;
import org.pouw.core.job.IdempotencyBinding;

/** The {@code intent_idempotency_keys} table: a requester's key bound to the intent it created. */
final class IdempotencyKeyTable {
    private static final String FIND = """
            SELECT requester, idempotency_key, request_hash, intent_id, created_at_ms FROM intent_idempotency_keys
            WHERE requester = ? AND idempotency_key = ?""";
    // ON CONFLICT DO NOTHING: a concurrent request that bound the key first wins; this one learns it from the count.
    private static final String BIND = """
            INSERT INTO intent_idempotency_keys (requester, idempotency_key, request_hash, intent_id, created_at_ms)
            VALUES (?, ?, ?, ?, ?) ON CONFLICT (requester, idempotency_key) DO NOTHING""";
    private static final String FORGET = "DELETE FROM intent_idempotency_keys WHERE created_at_ms < ?";

    private final SqlSession sql;

    IdempotencyKeyTable(SqlSession sql) {
        this.sql = sql;
    }

    Optional<IdempotencyBinding> find(String requester, String key) {
        return sql.first(FIND, row -> new IdempotencyBinding(row.getString(1), row.getString(2), row.getString(3),
                IntentId.parse("intent_id", row.getString(4)), row.getLong(5)), requester, key);
    }

    boolean bind(IdempotencyBinding binding) {
        return sql.update(BIND, binding.requester(), binding.key(), binding.requestHash(), binding.intentId(),
                binding.createdAtMs()) == 1;
    }

    int forget(long createdBeforeMs) {
        return sql.update(FORGET, createdBeforeMs);
    }
}
