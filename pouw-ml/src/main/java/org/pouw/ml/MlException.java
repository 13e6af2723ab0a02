package org.pouw.ml;

/**
 * The one unchecked exception family of pouw-ml. Subclasses name what went wrong with the caller's input
 * (a malformed dataset file, a malformed wire encoding, an invalid task); everything else is a bug.
 *
 * <p>Expected outcomes of verification are not exceptions: an auditor returns an
 * {@link org.pouw.ml.audit.AuditVerdict} with a reason instead.
 */
public class MlException extends RuntimeException {
    public MlException(String message) {
        super(message);
    }

    public MlException(String message, Throwable cause) {
        super(message, cause);
    }
}
