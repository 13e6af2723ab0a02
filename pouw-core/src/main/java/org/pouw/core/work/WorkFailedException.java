package org.pouw.core.work;

/** A worker could not do a job; the message becomes the attempt's reason. */
public class WorkFailedException extends RuntimeException {
    public WorkFailedException(String message) {
        super(message);
    }

    public WorkFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
