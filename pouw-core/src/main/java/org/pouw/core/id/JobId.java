package org.pouw.core.id;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.pouw.core.job.Tier;
import org.pouw.crypto.Blake3;
import org.pouw.crypto.Hex;

/**
 * A job's id: 16 bytes as 32 lower-case hex digits, the text the API and the stores carry. Ids are deterministic
 * and replay-safe (ARCHITECTURE.md §5), see {@link #derive}; test vectors in {@code docs/test-vectors.md}.
 */
public record JobId(String hex) implements Comparable<JobId> {
    public static final int BYTES = 16;
    private static final byte[] DOMAIN = "pouw-job-v1".getBytes(StandardCharsets.US_ASCII);

    public JobId {
        HexText.require("a job id", hex, BYTES);
    }

    /** A job id from text already known good (a store row, our own output); a bad one is a bug. */
    public static JobId of(String hex) {
        return new JobId(hex);
    }

    /** A job id from a caller's input; a malformed one is an invalid request naming {@code field}. */
    public static JobId parse(String field, String text) {
        return CallerInput.parse(field, text, JobId::new);
    }

    public static boolean isWellFormed(String text) {
        return HexText.isWellFormed(text, BYTES);
    }

    /**
     * {@code hex(BLAKE3("pouw-job-v1" ‖ intent_id[32] ‖ trace_hash[32] ‖ tier[1] ‖ created_seq[8, BE])[..16])}
     * (ARCHITECTURE.md §5).
     */
    public static JobId derive(IntentId intentId, Hash32 traceHash, Tier tier, long createdSeq) {
        ByteBuffer input = ByteBuffer.allocate(DOMAIN.length + 32 + 32 + 1 + 8);
        input.put(DOMAIN).put(intentId.bytes()).put(traceHash.bytes()).put(tier.code()).putLong(createdSeq);
        return new JobId(Hex.encode(Arrays.copyOf(Blake3.hash(input.array()), BYTES)));
    }

    /** Ids order as their text does, the order settling batches lock rows in. */
    @Override
    public int compareTo(JobId other) {
        return hex.compareTo(other.hex);
    }

    @Override
    public String toString() {
        return hex;
    }
}
