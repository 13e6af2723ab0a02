package org.pouw.gate.poolattest;

import org.pouw.crypto.jcs.JcsValue;

/** What a pool made of a relayed share (issue 23 §5). Expected outcomes are values; none of them is a bug. */
public sealed interface RelayAnswer {
    /** The pool accepted the share; its attestation is still to be checked like any other. */
    record Attested(JcsValue attestation) implements RelayAnswer {
    }

    /** The pool refused the share itself (its error code, message and field): the miner's problem, not the pool's. */
    record Refused(String code, String message, String field) implements RelayAnswer {
    }

    /** No pool could answer (down, slow, broken, or every breaker open); nothing was counted. */
    record Unavailable(String detail) implements RelayAnswer {
    }
}
