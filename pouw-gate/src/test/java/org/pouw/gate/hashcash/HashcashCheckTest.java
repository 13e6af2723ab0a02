package org.pouw.gate.hashcash;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The rules of docs/gate.md §4, one test per way a stamp can cheat. */
class HashcashCheckTest {
    private static final String RESOURCE = "9f86d081884c7d659a2feaa0c55ad015";

    private static int realBits(String stamp) {
        return HashcashCheck.leadingZeroBits(HashcashCheck.sha1(stamp.getBytes(StandardCharsets.US_ASCII)));
    }

    @Test
    void aStampBelowTheChallengesDifficultyIsInsufficient() {
        String stamp = HashcashMinter.mint(RESOURCE, 12, "261205", new SplittableRandom(1));
        int real = realBits(stamp);
        assertThat(HashcashCheck.check(stamp, RESOURCE, 12)).isEqualTo(HashcashVerdict.ACCEPTED);
        assertThat(HashcashCheck.check(stamp, RESOURCE, real + 1)).isEqualTo(HashcashVerdict.INSUFFICIENT_WORK);
    }

    @Test
    void theStampsOwnBitsClaimIsIgnored() {
        // A stamp that says it has 30 bits but was minted with 8: the claim buys nothing.
        String minted = HashcashMinter.mint(RESOURCE, 8, "261205", new SplittableRandom(2));
        String boasting = findWithClaim(minted, "30", 8, 20);
        assertThat(realBits(boasting)).isLessThan(20);
        assertThat(HashcashCheck.check(boasting, RESOURCE, 20)).isEqualTo(HashcashVerdict.INSUFFICIENT_WORK);
        // And a modest claim does not cap real work: a stamp saying 1 bit that has 12 passes a 12-bit challenge.
        String modest = findWithClaim(minted, "1", 12, 161);
        assertThat(HashcashCheck.check(modest, RESOURCE, 12)).isEqualTo(HashcashVerdict.ACCEPTED);
    }

    @Test
    void theStampsOwnDateIsIgnored() {
        String ancient = HashcashMinter.mint(RESOURCE, 10, "000101", new SplittableRandom(3));
        String future = HashcashMinter.mint(RESOURCE, 10, "991231", new SplittableRandom(4));
        assertThat(HashcashCheck.check(ancient, RESOURCE, 10)).isEqualTo(HashcashVerdict.ACCEPTED);
        assertThat(HashcashCheck.check(future, RESOURCE, 10)).isEqualTo(HashcashVerdict.ACCEPTED);
    }

    @Test
    void aStampForAnotherResourceIsRefused() {
        String stamp = HashcashMinter.mint(RESOURCE, 8, "261205", new SplittableRandom(5));
        assertThat(HashcashCheck.check(stamp, "2c26b46b68ffc68ff99b453c1d304134", 8))
                .isEqualTo(HashcashVerdict.WRONG_RESOURCE);
        String upper = HashcashMinter.mint(RESOURCE.toUpperCase(), 8, "261205", new SplittableRandom(6));
        assertThat(HashcashCheck.check(upper, RESOURCE, 8)).isEqualTo(HashcashVerdict.WRONG_RESOURCE);
    }

    @Test
    void onlyVersionOneCounts() {
        String v1 = HashcashMinter.mint(RESOURCE, 0, "261205", new SplittableRandom(7));
        assertThat(HashcashCheck.check("0" + v1.substring(1), RESOURCE, 0)).isEqualTo(HashcashVerdict.WRONG_VERSION);
        // A v0 stamp has four fields: 0:date:resource:counter.
        assertThat(HashcashCheck.check("0:261205:" + RESOURCE + ":abc", RESOURCE, 0))
                .isEqualTo(HashcashVerdict.MALFORMED);
    }

    @Test
    void oversizedOrMisshapenStampsAreMalformed() {
        String longExtension = "1:0:261205:" + RESOURCE + ":" + "x".repeat(256) + ":salt:0";
        assertThat(HashcashCheck.check(longExtension, RESOURCE, 0)).isEqualTo(HashcashVerdict.MALFORMED);
        assertThat(HashcashCheck.check("1:0:261205:" + RESOURCE + "::salt:0:extra", RESOURCE, 0))
                .isEqualTo(HashcashVerdict.MALFORMED);
        assertThat(HashcashCheck.check("1:0:261205:" + RESOURCE + ":: salt:0", RESOURCE, 0))
                .isEqualTo(HashcashVerdict.MALFORMED);
        assertThat(HashcashCheck.check("1:0:261205:" + RESOURCE + "::s\u00e9:0", RESOURCE, 0))
                .isEqualTo(HashcashVerdict.MALFORMED);
        assertThat(HashcashCheck.check(null, RESOURCE, 0)).isEqualTo(HashcashVerdict.MALFORMED);
    }

    @Test
    void leadingZeroBitsCountFromTheFirstByte() {
        assertThat(HashcashCheck.leadingZeroBits(new byte[] {0, 0, 0x0f})).isEqualTo(20);
        assertThat(HashcashCheck.leadingZeroBits(new byte[] {(byte) 0x80})).isZero();
        assertThat(HashcashCheck.leadingZeroBits(new byte[] {0, 1})).isEqualTo(15);
        assertThat(HashcashCheck.leadingZeroBits(new byte[] {0, 0})).isEqualTo(16);
    }

    /** Re-mints under a given bits claim until the stamp has at least {@code minBits} and fewer than {@code maxBits}. */
    private static String findWithClaim(String template, String claim, int minBits, int maxBits) {
        String[] fields = template.split(":", -1);
        for (long counter = 0; ; counter++) {
            String stamp = "1:" + claim + ":" + fields[2] + ":" + fields[3] + "::" + fields[5] + ":"
                    + Long.toString(counter, 36);
            if (realBits(stamp) >= minBits && realBits(stamp) < maxBits) {
                return stamp;
            }
        }
    }
}
