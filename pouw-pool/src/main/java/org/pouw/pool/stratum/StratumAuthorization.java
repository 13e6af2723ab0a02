package org.pouw.pool.stratum;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.pouw.crypto.DidKey;
import org.pouw.crypto.Ed25519;

/**
 * {@code mining.authorize [user, password]} with a proven identity (issue 23 §2; docs/pool.md §3a): the user is the
 * miner's {@code did:key}, optionally {@code .worker}; the password is the did's Ed25519 signature (base64url, no
 * padding) over {@code "pouw-stratum-authorize-v1:" ‖ pool ‖ ":" ‖ extranonce1 hex ‖ ":" ‖ user}. The extranonce1
 * is this connection's own and never handed out twice, so a password read off one connection authorizes no other,
 * and no one can mine, be credited or be limited in a miner's name without its key.
 */
final class StratumAuthorization {
    static final String DOMAIN = "pouw-stratum-authorize-v1:";
    private static final String WORKER = "[A-Za-z0-9_-]{1,32}";

    private StratumAuthorization() {
    }

    /** The did of {@code user}, or null when the user is not {@code did:key[.worker]}. */
    static String didOf(String user) {
        int dot = user.indexOf('.');
        String did = dot < 0 ? user : user.substring(0, dot);
        if (dot >= 0 && !user.substring(dot + 1).matches(WORKER)) {
            return null;
        }
        return DidKey.isValid(did) ? did : null;
    }

    static byte[] preimage(String pool, String extranonce1Hex, String user) {
        return (DOMAIN + pool + ":" + extranonce1Hex + ":" + user).getBytes(StandardCharsets.UTF_8);
    }

    static boolean holds(String pool, String extranonce1Hex, String user, String password) {
        String did = didOf(user);
        if (did == null || password == null) {
            return false;
        }
        byte[] signature;
        try {
            signature = Base64.getUrlDecoder().decode(password);
        } catch (IllegalArgumentException e) {
            return false;
        }
        return signature.length == Ed25519.SIGNATURE_LENGTH
                && DidKey.parse(did).verify(preimage(pool, extranonce1Hex, user), signature);
    }
}
