package org.pouw.node.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.pouw.core.SettableClock;

/**
 * The login side of issue 21 §1 and §4: a {@code pouw-at-v1} access token or a signed challenge presented as a
 * login token is refused. Login tokens are HMACs under a secret that signs nothing else, so neither can carry a valid
 * MAC; the objects are the published vectors of docs/gate.md §7 and §8, taken as a client would send them, while
 * their own validity is asserted in pouw-gate ({@code TokenVectorsTest}, {@code GateVectorsTest}).
 */
class LoginTokensRefuseGateObjectsTest {
    private static final long T0 = 1_760_000_000_000L;
    /** docs/gate.md §8: a valid access token for node-a, issued at T0 for 15 minutes. */
    private static final String ACCESS_TOKEN = "pouw-at-v1.eyJhdWQiOiJub2RlLWEiLCJjbGFzcyI6IndvcmsiLCJleHAiOjE3NjAw"
            + "MDA5MDAwMDAsImlhdCI6MTc2MDAwMDAwMDAwMCwianRpIjoiMDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWYiLCJraWQiOiJhdC1h"
            + "M2JlMDk1YzFlZThjYTRjIiwibW9kZSI6InBvdyIsInN1YiI6ImRpZDprZXk6ejZNa29uM05lY2Q2TmtreWZvR29IeGlkMnpuR2M1OUxVM0s3"
            + "bXViYVJjRmJMZkxYIiwidHlwZSI6InBvdXctYXQtdjEifQ.AoSHFV4w6ApNNbN4GziAgG-8SRSqoSxYKhF8sChWHOtstQA5HAdK9poAdIpuWLB"
            + "jX86l3mnGdfPGcSLlpaUBAw";
    /** docs/gate.md §7: a valid challenge, as its canonical wire text. */
    private static final String CHALLENGE = "{\"did\":\"did:key:z6Mkon3Necd6NkkyfoGoHxid2znGc59LU3K7mubaRcFbLfLX\","
            + "\"difficulty\":8,\"expires_at_ms\":1760000060000,\"id\":\"238d949198559cdb5d4535ed7d92bc78\","
            + "\"issued_at_ms\":1760000000000,\"kind\":\"hashcash\",\"node\":\"node-a\","
            + "\"resource\":\"238d949198559cdb5d4535ed7d92bc78\",\"sig\":\"SDgHyjHha2AQHaaWYpkDrAhqPAMo0WN2dCd5MdRU7Ccjw"
            + "QfL3iYYSOAirqUT4qy1lwwph46na6myRIok2e5yBA\",\"store\":\"store-1\",\"type\":\"pouw-challenge-v1\"}";

    private final SettableClock clock = new SettableClock(T0 + 1_000);
    private final Tokens logins = new Tokens(filled(7), clock, 3_600_000);

    private static byte[] filled(int value) {
        byte[] bytes = new byte[32];
        Arrays.fill(bytes, (byte) value);
        return bytes;
    }

    @Test
    void anAccessTokenIsNoLoginToken() {
        assertThat(logins.check(ACCESS_TOKEN)).isEmpty();
        // Its body and signature alone, without the type prefix, fare no better.
        assertThat(logins.check(ACCESS_TOKEN.substring("pouw-at-v1.".length()))).isEmpty();
    }

    @Test
    void aChallengeIsNoLoginToken() {
        assertThat(logins.check(CHALLENGE)).isEmpty();
    }

    @Test
    void aRealLoginTokenStillPasses() {
        // The refusals above are not a check that refuses everything.
        String did = "did:key:z6Mkon3Necd6NkkyfoGoHxid2znGc59LU3K7mubaRcFbLfLX";
        assertThat(logins.check(logins.issue(did).token())).contains(did);
    }
}
