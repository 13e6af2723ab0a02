package org.pouw.worker;

/**
 * What the node made of a submitted proof: accepted and paid, or rejected with the verifier's reason. A rejection
 * is an expected outcome, so it is a value here, not an exception.
 */
public record SubmitResult(boolean accepted, String reason, String detail, long reward, long ledgerSeq) {
    public static SubmitResult accepted(long reward, long ledgerSeq) {
        return new SubmitResult(true, "ok", "", reward, ledgerSeq);
    }

    public static SubmitResult rejected(String reason, String detail) {
        return new SubmitResult(false, reason, detail, 0, -1);
    }
}
