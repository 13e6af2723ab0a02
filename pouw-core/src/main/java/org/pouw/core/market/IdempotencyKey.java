package org.pouw.core.market;

import org.pouw.core.PouwException;

/**
 * A client's {@code Idempotency-Key} for creating an intent, with the hash of the request it came with as the node
 * parsed it (issue 18, defect 10): the same key with the same request answers with the intent it created; with
 * another request it is a 409.
 */
public record IdempotencyKey(String key, String requestHash) {
    /** The header that carries the key, also the field an error about it names. */
    public static final String HEADER = "Idempotency-Key";
    public static final int MAX_LENGTH = 255;

    public IdempotencyKey {
        if (key == null || key.isEmpty() || key.length() > MAX_LENGTH) {
            throw PouwException.invalid(HEADER, "must be 1 to " + MAX_LENGTH + " characters");
        }
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (c < 0x20 || c > 0x7e) {
                throw PouwException.invalid(HEADER, "must be printable ASCII (character " + i + " is not)");
            }
        }
        if (requestHash == null || requestHash.isEmpty()) {
            throw new IllegalArgumentException("an idempotency key needs the hash of its request");
        }
    }
}
