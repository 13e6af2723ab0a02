package org.pouw.gate.integrator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.pouw.core.SettableClock;
import org.pouw.crypto.Ed25519;
import org.pouw.gate.token.AccessClass;
import org.pouw.gate.token.AccessTokenIssuer;
import org.pouw.gate.token.AccessTokenVerifier;
import org.pouw.gate.token.IssuedToken;
import org.pouw.gate.token.TokenKey;
import org.pouw.gate.token.TokenLifetimes;
import org.pouw.gate.token.TokenMode;

/** An integrator's API gated with the node's published key only (issue 21 §6). */
class BearerTokenGateTest {
    private static final long T0 = 1_760_000_000_000L;
    private final SettableClock clock = new SettableClock(T0);
    private final Ed25519.KeyPair nodeTokenKey = Ed25519.KeyPair.fromPrivateKey(filled(4));
    private final AccessTokenIssuer node = new AccessTokenIssuer(new TokenKey(nodeTokenKey), clock,
            new SplittableRandom(3), "api.example", TokenLifetimes.defaults());
    /** What the integrator configures: the node's public key as published, and its own audience. */
    private final BearerTokenGate gate = new BearerTokenGate(new AccessTokenVerifier(
            TokenPublicKeys.parseHex("pouw.token_public_keys", HexFormat.of().formatHex(nodeTokenKey.publicKey())),
            "api.example", clock, 5_000), AccessClass.WORK);

    private static byte[] filled(int value) {
        byte[] bytes = new byte[32];
        Arrays.fill(bytes, (byte) value);
        return bytes;
    }

    @Test
    void aWorkTokenIsLetThroughWithWhoItIs() {
        IssuedToken token = node.issue(TokenMode.POW, "did:key:z6Mkon3Necd6NkkyfoGoHxid2znGc59LU3K7mubaRcFbLfLX");
        GateDecision decision = gate.admit("Bearer " + token.wire());
        assertThat(decision).isEqualTo(new GateDecision.Allowed(token.token()));
    }

    @Test
    void anAnonymousTokenIsKnownButBelowTheApisClass() {
        GateDecision decision = gate.admit("Bearer " + node.issue(TokenMode.ANONYMOUS, "anonymous").wire());
        assertThat(decision).isInstanceOf(GateDecision.Forbidden.class);
        assertThat(((GateDecision.Forbidden) decision).code()).isEqualTo("insufficient_class");
    }

    @Test
    void aMissingExpiredOrForeignTokenIsUnauthenticatedWithItsReason() {
        assertThat(gate.admit(null)).isInstanceOf(GateDecision.Unauthenticated.class);
        assertThat(gate.admit("Basic dXNlcjpwYXNz")).isInstanceOf(GateDecision.Unauthenticated.class);
        IssuedToken token = node.issue(TokenMode.POW, "did:key:z6Mkon3Necd6NkkyfoGoHxid2znGc59LU3K7mubaRcFbLfLX");
        clock.set(token.token().expiresAtMs());
        assertThat(gate.admit("Bearer " + token.wire()))
                .isEqualTo(new GateDecision.Unauthenticated("expired", "the token expired at "
                        + token.token().expiresAtMs()));
        clock.set(T0);
        AccessTokenIssuer otherNode = new AccessTokenIssuer(new TokenKey(Ed25519.KeyPair.fromPrivateKey(filled(8))),
                clock, new SplittableRandom(4), "api.example", TokenLifetimes.defaults());
        GateDecision foreign = gate.admit("Bearer " + otherNode.issue(TokenMode.PARTNER, "partner:x").wire());
        assertThat(((GateDecision.Unauthenticated) foreign).code()).isEqualTo("unknown_key");
    }

    @Test
    void aBadPublishedKeyIsRefusedNamingTheSetting() {
        assertThatThrownBy(() -> TokenPublicKeys.parseHex("pouw.token_public_keys", "abcd"))
                .hasMessage("pouw.token_public_keys[0] must be 64 lower-case hex digits (an Ed25519 public key)");
    }
}
