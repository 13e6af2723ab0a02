package org.pouw.gate.hashcash;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Stamps minted by the real {@code hashcash} tool (committed with the command that made each, so no tool is needed
 * here) are accepted at the bits they were asked for, and refused one bit above what they really have.
 */
class HashcashFixturesTest {
    record Fixture(int bits, String resource, String stamp) {
    }

    static List<Fixture> fixtures() throws IOException {
        try (InputStream in = HashcashFixturesTest.class.getResourceAsStream("/hashcash/minted-by-hashcash-1.22.txt")) {
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII).lines()
                    .filter(line -> !line.isBlank() && !line.startsWith("#"))
                    .map(line -> line.split(" "))
                    .map(f -> new Fixture(Integer.parseInt(f[0]), f[1], f[2]))
                    .toList();
        }
    }

    @Test
    void stampsOfTheHashcashToolAreAccepted() throws IOException {
        List<Fixture> fixtures = fixtures();
        assertThat(fixtures).hasSizeGreaterThanOrEqualTo(4);
        for (Fixture fixture : fixtures) {
            assertThat(HashcashCheck.check(fixture.stamp(), fixture.resource(), fixture.bits()))
                    .as(fixture.stamp()).isEqualTo(HashcashVerdict.ACCEPTED);
        }
    }

    @Test
    void stampsOfTheHashcashToolAreRefusedAboveTheirRealWork() throws IOException {
        for (Fixture fixture : fixtures()) {
            int real = HashcashCheck.leadingZeroBits(
                    HashcashCheck.sha1(fixture.stamp().getBytes(StandardCharsets.US_ASCII)));
            assertThat(real).isGreaterThanOrEqualTo(fixture.bits());
            assertThat(HashcashCheck.check(fixture.stamp(), fixture.resource(), real + 1))
                    .isEqualTo(HashcashVerdict.INSUFFICIENT_WORK);
        }
    }

    @Test
    void aToolStampIsNotAStampForAnotherChallengesResource() throws IOException {
        Fixture fixture = fixtures().getFirst();
        assertThat(HashcashCheck.check(fixture.stamp(), "2c26b46b68ffc68ff99b453c1d304134", fixture.bits()))
                .isEqualTo(HashcashVerdict.WRONG_RESOURCE);
    }
}
