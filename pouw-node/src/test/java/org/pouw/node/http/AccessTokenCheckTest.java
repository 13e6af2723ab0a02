package org.pouw.node.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.pouw.core.SettableClock;
import org.pouw.crypto.Ed25519;
import org.pouw.gate.token.AccessClass;
import org.pouw.gate.token.AccessTokenIssuer;
import org.pouw.gate.token.AccessTokenVerifier;
import org.pouw.gate.token.TokenKey;
import org.pouw.gate.token.TokenLifetimes;
import org.pouw.gate.token.TokenMode;
import org.pouw.node.ratelimit.TokenHolder;

/** The edge's memory of verified access tokens: only tokens that verified, only until they expire. */
class AccessTokenCheckTest {
    final SettableClock clock = new SettableClock(1_760_000_000_000L);
    final Ed25519.KeyPair tokenKeys = Ed25519.KeyPair.generate();
    final AccessTokenIssuer issuer = new AccessTokenIssuer(new TokenKey(tokenKeys), clock, new SplittableRandom(7),
            "node-a", TokenLifetimes.defaults());
    final AccessTokenCheck check = new AccessTokenCheck(new AccessTokenVerifier(List.of(tokenKeys.publicKey()),
            "node-a", clock, 5_000), clock);
    final String did = Ed25519.KeyPair.generate().did().toString();

    @Test
    void aVerifiedTokenIsRememberedUntilItExpiresWithTheClassAndDidItsSignedModeFixes() {
        String wire = issuer.issue(TokenMode.POW, did).wire();
        assertThat(check.remembered(wire)).isEmpty();
        Optional<TokenHolder> holder = check.verify(wire);
        assertThat(holder).get().extracting(TokenHolder::accessClass, TokenHolder::did)
                .containsExactly(AccessClass.WORK, Optional.of(did));
        assertThat(check.remembered(wire)).isEqualTo(holder);
        clock.advance(15 * 60_000L);
        assertThat(check.remembered(wire)).as("expired").isEmpty();
        assertThat(check.verify(wire)).as("and no longer verifies").isEmpty();
    }

    @Test
    void aForgedOrForeignTokenIsNeitherAcceptedNorRemembered() {
        String wire = issuer.issue(TokenMode.PARTNER, "partner:acme").wire();
        String forged = wire.substring(0, wire.lastIndexOf('.') + 1)
                + Base64.getUrlEncoder().withoutPadding().encodeToString(new byte[64]);
        assertThat(check.verify(forged)).isEmpty();
        assertThat(check.remembered(forged)).isEmpty();
        Ed25519.KeyPair otherKeys = Ed25519.KeyPair.generate();
        String foreign = new AccessTokenIssuer(new TokenKey(otherKeys), clock, new SplittableRandom(8), "node-a",
                TokenLifetimes.defaults()).issue(TokenMode.PARTNER, "partner:acme").wire();
        assertThat(check.verify(foreign)).isEmpty();
        assertThat(check.remembered(foreign)).isEmpty();
        // The genuine token's jti is not spent or named by either.
        assertThat(check.remembered(wire)).isEmpty();
        assertThat(check.verify(wire)).isPresent();
    }
}
