package org.pouw.core.job;

import java.util.Objects;
import org.pouw.core.id.IntentId;

/**
 * A requester's {@code Idempotency-Key} bound to the intent it created (issue 18, defect 10): unique per
 * (requester, key), written in the transaction that creates the intent, with the hash of the parsed request so a
 * different request under the same key is told apart from a retry.
 */
public record IdempotencyBinding(String requester, String key, String requestHash, IntentId intentId,
                                 long createdAtMs) {
    public IdempotencyBinding {
        Objects.requireNonNull(requester, "requester");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(requestHash, "requestHash");
        Objects.requireNonNull(intentId, "intentId");
    }
}
