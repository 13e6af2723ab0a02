package org.pouw.store;

import org.pouw.core.PouwException;
import org.pouw.core.Problem;

/**
 * A write refused because the node stopped writing after an fsync of its database failed (issue 24, scenario 5).
 * Refused before any work: nothing of the call was applied. Only a restart by an operator lifts it, so no
 * Retry-After is promised.
 */
public final class WritesStoppedException extends PouwException {
    public WritesStoppedException(String message) {
        super(Problem.STORAGE_SYNC_FAILED, message);
    }
}
