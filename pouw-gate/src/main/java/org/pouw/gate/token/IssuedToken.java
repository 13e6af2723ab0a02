package org.pouw.gate.token;

/** A token as the node hands it out: what it says, and its wire form for {@code Authorization: Bearer}. */
public record IssuedToken(AccessToken token, String wire) {
    @Override
    public String toString() {
        // The wire form is a bearer credential: logs see who and what, never the token itself.
        return "IssuedToken[" + token.mode().wire() + " for " + token.subject() + ", jti " + token.jti() + "]";
    }
}
