package org.pouw.node.http;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.pouw.core.Clock;
import org.pouw.core.PouwException;
import org.pouw.core.Problem;
import org.pouw.core.port.Storage;
import org.pouw.crypto.DidKey;
import org.pouw.node.auth.CanonicalBase64Url;
import org.pouw.node.auth.LoginChallenges;
import org.pouw.node.auth.Tokens;
import tools.jackson.databind.node.ObjectNode;

/**
 * Challenge → token login (§5): the caller proves it holds the key its did:key names by signing
 * {@code "pouw-auth-v1:" + challenge}; a prover is registered on its first token. Challenges are stateless
 * ({@link LoginChallenges}): any node sharing the token secret takes one another issued. A challenge is recorded as
 * used, in the transaction that registers the prover, only after its signature verifies — so it is single use across
 * nodes on one database, and a caller who cannot sign writes nothing.
 */
public final class AuthEndpoints implements Endpoints {
    private static final String SIGNING_PREFIX = "pouw-auth-v1:";

    private final LoginChallenges challenges;
    private final Tokens tokens;
    private final Storage storage;
    private final Clock clock;

    public AuthEndpoints(LoginChallenges challenges, Tokens tokens, Storage storage, Clock clock) {
        this.challenges = challenges;
        this.tokens = tokens;
        this.storage = storage;
        this.clock = clock;
    }

    @Override
    public void register(RouteTable routes) {
        routes.post("/v1/auth/challenge", this::challenge);
        routes.post("/v1/auth/token", this::token);
    }

    private void challenge(ApiCall call) {
        RequestBody body = call.body(List.of("did"));
        LoginChallenges.Challenge challenge = challenges.issue(did(body));
        ObjectNode out = ApiJson.object();
        out.put("challenge", challenge.challenge());
        out.put("expires_at_ms", challenge.expiresAtMs());
        call.json(out);
    }

    private void token(ApiCall call) {
        RequestBody body = call.body(List.of("did", "challenge", "signature"));
        String did = did(body);
        String challenge = body.string("challenge");
        byte[] signature = CanonicalBase64Url.decode(body.string("signature")).orElseThrow(() ->
                PouwException.invalid("signature", "must be unpadded base64url in its canonical spelling (no"
                        + " padding, unused trailing bits zero)"));
        LoginChallenges.Valid valid = challenges.check(challenge, did).orElseThrow(() -> new PouwException(
                Problem.UNAUTHORIZED, "challenge", "challenge was not issued to this did by a node of this"
                + " market, or has expired"));
        byte[] message = (SIGNING_PREFIX + challenge).getBytes(StandardCharsets.UTF_8);
        if (!DidKey.parse(did).verify(message, signature)) {
            throw new PouwException(Problem.UNAUTHORIZED, "signature",
                    "signature does not verify for did over \"pouw-auth-v1:\" + challenge");
        }
        long now = clock.millis();
        boolean first = storage.write(tx -> {
            if (!tx.loginChallenges().use(valid.digest(), valid.expiresAtMs(), now)) {
                return false;
            }
            tx.jobs().touchProver(did, now);
            return true;
        });
        if (!first) {
            throw new PouwException(Problem.UNAUTHORIZED, "challenge", "challenge was already exchanged for a"
                    + " token; ask for a new one");
        }
        Tokens.Issued issued = tokens.issue(did);
        ObjectNode out = ApiJson.object();
        out.put("token", issued.token());
        out.put("expires_at_ms", issued.expiresAtMs());
        // Whether the key just proven is the node's admin key: the console shows the admin's actions only to it. It
        // tells the signer about itself alone; the admin routes check the token on every call regardless.
        out.put("admin", call.isAdmin(did));
        call.json(out);
    }

    private static String did(RequestBody body) {
        String did = body.string("did");
        if (!DidKey.isValid(did)) {
            throw PouwException.invalid("did", "must be an Ed25519 did:key (did:key:z6Mk…)");
        }
        return did;
    }
}
