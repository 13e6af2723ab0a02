package org.pouw.gate.challenge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.pouw.core.SettableClock;
import org.pouw.crypto.DidKey;
import org.pouw.crypto.Ed25519;

/**
 * Challenge ids (docs/gate.md §3): 32 lower-case hex digits, the issue time's milliseconds first and 80 random bits
 * after, so ids issued later sort later (their redemptions land at the growing end of the database's indexes) while
 * no id can be guessed ahead of its issue.
 */
class ChallengeIssuerTest {
    private static final long T0 = 1_760_000_000_000L;
    private final SettableClock clock = new SettableClock(T0);
    private final ChallengeIssuer issuer = new ChallengeIssuer(new ChallengeKey(Ed25519.KeyPair.generate()), clock,
            new SecureRandom(), "node-a", "store-1", 60_000);
    private final DidKey client = Ed25519.KeyPair.generate().did();

    private String nextId() {
        return issuer.hashcash(client, 8, OptionalInt.empty()).challenge().id();
    }

    @Test
    void anIdStartsWithItsIssueTimeAndIsThirtyTwoLowerCaseHexDigits() {
        SignedChallenge challenge = issuer.hashcash(client, 8, OptionalInt.empty());
        String id = challenge.challenge().id();
        assertThat(id).matches("[0-9a-f]{32}");
        assertThat(Long.parseLong(id.substring(0, ChallengeIssuer.TIME_HEX_DIGITS), 16))
                .isEqualTo(challenge.challenge().issuedAtMs()).isEqualTo(T0);
    }

    @Test
    void idsIssuedLaterSortLaterAsText() {
        List<String> issued = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            issued.add(nextId());
            clock.advance(1 + i % 3);
        }
        assertThat(issued).isSorted();
    }

    @Test
    void idsOfOneMillisecondDifferInTheirRandomPart() {
        Set<String> randomParts = new HashSet<>();
        Set<String> prefixes = new HashSet<>();
        for (int i = 0; i < 1_000; i++) {
            String id = nextId();
            prefixes.add(id.substring(0, ChallengeIssuer.TIME_HEX_DIGITS));
            randomParts.add(id.substring(ChallengeIssuer.TIME_HEX_DIGITS));
        }
        assertThat(prefixes).hasSize(1);
        assertThat(randomParts).hasSize(1_000);
        assertThat(ChallengeIssuer.RANDOM_BYTES * 8).isEqualTo(80);
    }

    @Test
    void aClockBeyondWhatAnIdHoldsIsRefusedRatherThanWrapped() {
        clock.set(1L << 48);
        assertThatThrownBy(this::nextId)
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("challenge id");
    }
}
