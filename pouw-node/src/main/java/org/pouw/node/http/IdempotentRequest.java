package org.pouw.node.http;

import io.helidon.http.HeaderNames;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.pouw.core.PouwException;
import org.pouw.core.market.IdempotencyKey;
import org.pouw.crypto.Blake3;
import org.pouw.crypto.Hex;
import tools.jackson.databind.node.ObjectNode;

/**
 * The {@code Idempotency-Key} of an intent or ML task request (issue 18, defect 10), with the hash of the request as
 * parsed: the endpoint builds {@code parsed} from the values it read, in a fixed order with defaults filled in, so
 * the same request spelt differently (key order, spacing, an omitted default) hashes the same, and the hash is
 * BLAKE3 over the route and that JSON.
 */
final class IdempotentRequest {
    private IdempotentRequest() {
    }

    /** The key the request carries, or null when it has none. */
    static IdempotencyKey key(ApiCall call, String route, ObjectNode parsed) {
        List<String> values = call.headerValues(IdempotencyKey.HEADER);
        if (values.isEmpty()) {
            return null;
        }
        if (values.size() > 1) {
            throw PouwException.invalid(IdempotencyKey.HEADER, "must be sent once");
        }
        byte[] hash = Blake3.hash("pouw-idempotent-request-v1".getBytes(StandardCharsets.US_ASCII),
                route.getBytes(StandardCharsets.UTF_8), new byte[] {0},
                ApiJson.bytes(parsed));
        return new IdempotencyKey(values.getFirst(), Hex.encode(hash));
    }

    /** Says in the answer that it is an earlier intent's, given again. */
    static void markReplay(ApiCall call) {
        call.response().header(HeaderNames.create("Idempotent-Replayed"), "true");
    }
}
