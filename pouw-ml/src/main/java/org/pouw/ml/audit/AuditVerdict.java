package org.pouw.ml.audit;

import java.nio.charset.StandardCharsets;
import org.pouw.ml.train.Evaluation;
import org.pouw.ml.wire.CanonicalReader;
import org.pouw.ml.wire.CanonicalWriter;
import org.pouw.ml.wire.EncodingException;

/**
 * The outcome of an audit (wire message 4): a value, never an exception. An accepted training verdict carries the
 * final model's quality on the held-out set and whether the task's target was met (an accepted lottery ticket
 * carries no quality: no model was evaluated); a rejection names its reason, the step it failed at ({@code -1}
 * when no single step is to blame) and a human-readable detail.
 */
public record AuditVerdict(VerdictReason reason, long step, String detail, Evaluation quality, boolean targetMet) {
    private static final byte[] TAG = "PMLV\u0001".getBytes(StandardCharsets.ISO_8859_1);
    private static final int MAX_DETAIL_BYTES = 4096;

    public AuditVerdict {
        if (reason == null || detail == null) {
            throw new IllegalArgumentException("reason and detail must be set");
        }
        if (reason != VerdictReason.ACCEPTED && quality != null) {
            throw new IllegalArgumentException("a rejection carries no quality");
        }
        if (reason != VerdictReason.ACCEPTED && targetMet) {
            throw new IllegalArgumentException("a rejected verdict cannot meet the target");
        }
        if (detail.getBytes(StandardCharsets.UTF_8).length > MAX_DETAIL_BYTES) {
            detail = detail.substring(0, 1000) + "…";
        }
    }

    public static AuditVerdict accept(Evaluation quality, boolean targetMet) {
        return new AuditVerdict(VerdictReason.ACCEPTED, -1, "", quality, targetMet);
    }

    /** A lottery ticket whose step verified and whose hash met the target. */
    public static AuditVerdict acceptTicket(long step) {
        return new AuditVerdict(VerdictReason.ACCEPTED, step, "ticket", null, true);
    }

    public static AuditVerdict reject(VerdictReason reason, long step, String detail) {
        return new AuditVerdict(reason, step, detail, null, false);
    }

    public boolean accepted() {
        return reason == VerdictReason.ACCEPTED;
    }

    public byte[] encode() {
        CanonicalWriter out = new CanonicalWriter(128).raw(TAG).u8(reason.ordinal()).i64(step).string(detail);
        out.bool(quality != null);
        if (quality != null) {
            quality.encodeTo(out);
        }
        out.bool(targetMet);
        return out.toByteArray();
    }

    public static AuditVerdict decode(byte[] bytes) {
        CanonicalReader in = new CanonicalReader(bytes);
        in.expectTag(TAG, "audit verdict");
        int ordinal = in.u8("verdict reason");
        if (ordinal >= VerdictReason.values().length) {
            throw new EncodingException("verdict reason: unknown ordinal " + ordinal);
        }
        long step = in.i64InRange("verdict step", -1, Long.MAX_VALUE);
        String detail = in.string("verdict detail", MAX_DETAIL_BYTES);
        Evaluation quality = in.bool("has quality") ? Evaluation.decode(in) : null;
        boolean targetMet = in.bool("target met");
        in.requireEnd("audit verdict");
        try {
            return new AuditVerdict(VerdictReason.values()[ordinal], step, detail, quality, targetMet);
        } catch (IllegalArgumentException e) {
            throw new EncodingException("audit verdict: " + e.getMessage());
        }
    }
}
