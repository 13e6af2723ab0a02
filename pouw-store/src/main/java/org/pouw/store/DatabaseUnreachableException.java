package org.pouw.store;

import org.pouw.core.PouwException;
import org.pouw.core.Problem;

/**
 * The database did not answer (a refused or dropped connection), as opposed to a node too busy to take another
 * request: both are {@link Problem#UNAVAILABLE} (503) at the edge, but only this one is a failure of the store, which
 * the gate's fail modes count (issue 21 §5) — an overloaded node must not enter fail-open.
 */
public final class DatabaseUnreachableException extends PouwException {
    public DatabaseUnreachableException(String message) {
        super(Problem.UNAVAILABLE, message);
    }
}
