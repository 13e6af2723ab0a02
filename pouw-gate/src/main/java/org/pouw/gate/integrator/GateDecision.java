package org.pouw.gate.integrator;

import org.pouw.gate.token.AccessToken;

/** What {@link BearerTokenGate} decided about one request. */
public sealed interface GateDecision {
    /** Let the request through; the token says who ({@code sub}), how ({@code mode}) and for how long. */
    record Allowed(AccessToken token) implements GateDecision {
    }

    /** No usable token: answer 401 with {@code code} (a gate reason code such as {@code expired}). */
    record Unauthenticated(String code, String message) implements GateDecision {
    }

    /** A valid token of too low a class: answer 403. */
    record Forbidden(String code, String message) implements GateDecision {
    }
}
