package org.pouw.node.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.pouw.core.SettableClock;

/**
 * Stateless sign-in challenges (issue 27, item 7): a challenge is accepted for the did it was issued to, by any node
 * with the same secret, until it expires — and for nothing else.
 */
class LoginChallengesTest {
    private static final String ALICE = "did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK";
    private static final String MALLORY = "did:key:z6MkjchhfUsD6mmvni8mCdXHw216Xrm9bQe2mBH1P5RDjVJG";
    private static final long TTL = 60_000;

    private final byte[] secret = secret(7);
    private final SettableClock clock = new SettableClock(1_000_000);
    private final LoginChallenges nodeA = new LoginChallenges(secret, clock, TTL);

    @Test
    void anotherNodeWithTheSameSecretAcceptsAChallengeThisOneIssued() {
        LoginChallenges.Challenge issued = nodeA.issue(ALICE);
        LoginChallenges nodeB = new LoginChallenges(secret.clone(), clock, TTL);

        LoginChallenges.Valid valid = nodeB.check(issued.challenge(), ALICE).orElseThrow();
        assertThat(valid.expiresAtMs()).isEqualTo(issued.expiresAtMs()).isEqualTo(1_000_000 + TTL);
        assertThat(valid.digest()).matches("[0-9a-f]{64}");
        assertThat(nodeA.check(issued.challenge(), ALICE)).contains(valid);
    }

    @Test
    void aChallengeIsRefusedForAnotherDidUnderAnotherSecretAndOnceExpired() {
        String challenge = nodeA.issue(ALICE).challenge();

        assertThat(nodeA.check(challenge, MALLORY)).as("issued to another did").isEmpty();
        assertThat(new LoginChallenges(secret(8), clock, TTL).check(challenge, ALICE)).as("another market's secret")
                .isEmpty();
        clock.advance(TTL);
        assertThat(nodeA.check(challenge, ALICE)).as("at its expiry").isPresent();
        clock.advance(1);
        assertThat(nodeA.check(challenge, ALICE)).as("after its expiry").isEmpty();
    }

    @Test
    void challengesAreFreshAndTheirDigestsDistinct() {
        Set<String> challenges = new HashSet<>();
        Set<String> digests = new HashSet<>();
        for (int i = 0; i < 1_000; i++) {
            String challenge = nodeA.issue(ALICE).challenge();
            challenges.add(challenge);
            digests.add(nodeA.check(challenge, ALICE).orElseThrow().digest());
        }
        assertThat(challenges).hasSize(1_000);
        assertThat(digests).hasSize(1_000);
    }

    /**
     * The defect this replaced: every identity shared one cap of 100,000 outstanding challenges that anyone could fill
     * without signing in. Issuing now stores nothing, so a flood leaves nothing to fill: a victim asking after one
     * request more than that cap, all naming another did, still gets a challenge that works.
     */
    @Test
    void aFloodOfChallengeRequestsLocksNobodyOut() {
        for (int i = 0; i <= 100_000; i++) {
            nodeA.issue(MALLORY);
        }
        String victims = nodeA.issue(ALICE).challenge();
        assertThat(nodeA.check(victims, ALICE)).isPresent();
    }

    @Property(tries = 300)
    void anyChangedByteIsRefused(@ForAll @IntRange(min = 0, max = 56) int position,
                                 @ForAll @IntRange(min = 1, max = 255) int flip) {
        String challenge = nodeA.issue(ALICE).challenge();
        byte[] bytes = CanonicalBase64Url.decode(challenge).orElseThrow();
        bytes[position] ^= (byte) flip;
        assertThat(nodeA.check(CanonicalBase64Url.encode(bytes), ALICE)).isEmpty();
    }

    @Property(tries = 300)
    void aTruncatedOrLengthenedChallengeIsRefused(@ForAll @IntRange(min = 0, max = 120) int length) {
        byte[] bytes = CanonicalBase64Url.decode(nodeA.issue(ALICE).challenge()).orElseThrow();
        byte[] resized = Arrays.copyOf(bytes, length);
        if (length == bytes.length) {
            return;
        }
        assertThat(nodeA.check(CanonicalBase64Url.encode(resized), ALICE)).isEmpty();
    }

    @Property(tries = 500)
    void arbitraryTextIsRefusedWithoutAnException(@ForAll("texts") String text) {
        assertThat(nodeA.check(text, ALICE)).isEmpty();
    }

    @Test
    void aNonCanonicalSpellingOfAValidChallengeIsRefused() {
        String challenge = nodeA.issue(ALICE).challenge();
        assertThat(nodeA.check(challenge + "=", ALICE)).as("padding").isEmpty();
        assertThat(nodeA.check(challenge.replace('-', '+').replace('_', '/'), ALICE).isEmpty()
                || challenge.equals(challenge.replace('-', '+').replace('_', '/'))).as("the standard alphabet").isTrue();
        assertThat(nodeA.check(null, ALICE)).isEmpty();
    }

    @Provide
    Arbitrary<String> texts() {
        return Arbitraries.oneOf(Arbitraries.strings().ofMaxLength(200),
                Arbitraries.strings().withChars("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")
                        .ofMinLength(70).ofMaxLength(84));
    }

    private static byte[] secret(int seed) {
        byte[] secret = new byte[32];
        Arrays.fill(secret, (byte) seed);
        return secret;
    }
}
