package org.pouw.core.job;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.pouw.crypto.Blake3;
import org.pouw.crypto.Hex;

/**
 * Deterministic, replay-safe job ids (ARCHITECTURE.md §5):
 * {@code hex(BLAKE3("pouw-job-v1" ‖ intent_id[32] ‖ trace_hash[32] ‖ tier[1] ‖ created_seq[8, BE])[..16])}.
 * Test vectors: {@code docs/test-vectors.md}.
 */
public final class JobId {
    private static final byte[] DOMAIN = "pouw-job-v1".getBytes(StandardCharsets.US_ASCII);

    private JobId() {
    }

    public static String of(byte[] intentId, byte[] traceHash, Tier tier, long createdSeq) {
        if (intentId.length != 32 || traceHash.length != 32) {
            throw new IllegalArgumentException("intent id and trace hash are 32 bytes each");
        }
        ByteBuffer input = ByteBuffer.allocate(DOMAIN.length + 32 + 32 + 1 + 8);
        input.put(DOMAIN).put(intentId).put(traceHash).put(tier.code()).putLong(createdSeq);
        return Hex.encode(Arrays.copyOf(Blake3.hash(input.array()), 16));
    }

    public static String of(String intentIdHex, String traceHashHex, Tier tier, long createdSeq) {
        return of(Hex.decode(intentIdHex), Hex.decode(traceHashHex), tier, createdSeq);
    }

    public static boolean isWellFormed(String text) {
        return Hex.isHex(text, 16);
    }
}
