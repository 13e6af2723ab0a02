package org.pouw.client;

import java.util.Objects;

/** A bearer token from {@code POST /v1/auth/token} (§5). */
public record AuthToken(String token, long expiresAtMs) {
    public AuthToken {
        Objects.requireNonNull(token, "token");
    }

    @Override
    public String toString() {
        return "AuthToken[expiresAtMs=" + expiresAtMs + "]";
    }
}
