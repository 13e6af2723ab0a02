package org.pouw.core.job;

import org.pouw.core.PouwException;

/** A job's place in its life (§2, §6). Only pending and in_progress jobs hold reserved fees. */
public enum JobStatus {
    PENDING("pending"),
    IN_PROGRESS("in_progress"),
    COMPLETED("completed"),
    FAILED("failed"),
    EXPIRED("expired"),
    DEAD_LETTER("dead_letter");

    private final String wire;

    JobStatus(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    public boolean isOpen() {
        return this == PENDING || this == IN_PROGRESS;
    }

    public static JobStatus parse(String field, String text) {
        for (JobStatus status : values()) {
            if (status.wire.equals(text)) {
                return status;
            }
        }
        throw PouwException.invalid(field, "unknown status '" + text + "'");
    }
}
