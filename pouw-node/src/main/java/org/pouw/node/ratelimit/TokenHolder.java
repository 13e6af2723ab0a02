package org.pouw.node.ratelimit;

import java.util.Optional;
import org.pouw.gate.token.AccessClass;

/**
 * The holder of an access token ({@code pouw-at-v1}) that verified against this node's token key, audience and clock
 * — never one read from a token that did not: a forged or expired token names no bucket.
 *
 * @param jti         the token's identity, its bucket's key
 * @param accessClass the class its signed mode fixes
 * @param did         the canonical did it was issued to ({@code pow}, {@code pool_validated}), or empty
 */
public record TokenHolder(String jti, AccessClass accessClass, Optional<String> did) {
}
