package org.pouw.gate.token;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.pouw.core.SettableClock;
import org.pouw.crypto.Ed25519;
import org.pouw.gate.GateVerdict;
import org.pouw.gate.RejectionReason;
import org.pouw.gate.challenge.ChallengeCheck;
import org.pouw.crypto.jcs.JcsValue;
import org.pouw.crypto.jcs.JcsWriter;
import org.pouw.crypto.jcs.StrictJsonParser;
import org.pouw.gate.poolattest.PoolAttestationCheck;

/**
 * The test vectors of docs/gate.md §8 and §9, byte for byte, under fixed keys (Ed25519 is deterministic): an access
 * token, and the retired stamp attestation (refused now). If this test must change, the formats changed.
 */
class TokenVectorsTest {
    static final long T0 = 1_760_000_000_000L;
    static final String TOKEN_PUBLIC_KEY = "ca93ac1705187071d67b83c7ff0efe8108e8ec4530575d7726879333dbdabe7c";
    static final String KID = "at-a3be095c1ee8ca4c";
    static final String TOKEN_BODY = "{\"aud\":\"node-a\",\"class\":\"work\",\"exp\":1760000900000,\"iat\":1760000000000,"
            + "\"jti\":\"0123456789abcdef0123456789abcdef\",\"kid\":\"at-a3be095c1ee8ca4c\",\"mode\":\"pow\","
            + "\"sub\":\"did:key:z6Mkon3Necd6NkkyfoGoHxid2znGc59LU3K7mubaRcFbLfLX\",\"type\":\"pouw-at-v1\"}";
    static final String TOKEN = "pouw-at-v1.eyJhdWQiOiJub2RlLWEiLCJjbGFzcyI6IndvcmsiLCJleHAiOjE3NjAwMDA5MDAwMDAsImlhdCI6MTc2"
            + "MDAwMDAwMDAwMCwianRpIjoiMDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWYiLCJraWQiOiJhdC1hM2JlMDk1YzFlZThjYTRjIiwi"
            + "bW9kZSI6InBvdyIsInN1YiI6ImRpZDprZXk6ejZNa29uM05lY2Q2TmtreWZvR29IeGlkMnpuR2M1OUxVM0s3bXViYVJjRmJMZkxYIiwidHlw"
            + "ZSI6InBvdXctYXQtdjEifQ.AoSHFV4w6ApNNbN4GziAgG-8SRSqoSxYKhF8sChWHOtstQA5HAdK9poAdIpuWLBjX86l3mnGdfPGcSLlpaUBAw";
    static final String POOL_PUBLIC_KEY = "8a875fff1eb38451577acd5afee405456568dd7c89e090863a0557bc7af49f17";
    static final String ATTESTATION = "{\"aud\":\"node-a\",\"expires_at_ms\":1760000120000,"
            + "\"id\":\"5f1c0a3e9b7d24681357a9bdf0ce8642\",\"issued_at_ms\":1760000000000,"
            + "\"miner\":\"did:key:z6Mkon3Necd6NkkyfoGoHxid2znGc59LU3K7mubaRcFbLfLX\",\"pool\":\"pool-1\","
            + "\"share\":{\"kind\":\"hashcash\",\"stamp\":\"1:8:251010:5f1c0a3e9b7d24681357a9bdf0ce8642::OpiI7PQuBkz+GNgD:C2\"},"
            + "\"sig\":\"bW-VJoJhlAK_7aR4Gl_OMQgVwBezJRPrVDzpisCGUXiI7J6tIEOlMOKx81_ThOpGmHhx8p6wNBssAfgCfE_aBQ\","
            + "\"type\":\"pouw-pool-attestation-v1\"}";
    private static byte[] filled(int value) {
        byte[] bytes = new byte[32];
        Arrays.fill(bytes, (byte) value);
        return bytes;
    }

    private final Ed25519.KeyPair tokenKeys = Ed25519.KeyPair.fromPrivateKey(filled(4));
    private final Ed25519.KeyPair poolKeys = Ed25519.KeyPair.fromPrivateKey(filled(6));
    private final Ed25519.KeyPair miner = Ed25519.KeyPair.fromPrivateKey(filled(1));
    private final SettableClock clock = new SettableClock(T0 + 1_000);

    @Test
    void theAccessTokenVector() {
        TokenKey key = new TokenKey(tokenKeys);
        AccessToken token = new AccessToken("node-a", "0123456789abcdef0123456789abcdef", key.kid(),
                miner.did().toString(), TokenMode.POW, T0, T0 + 15 * 60_000L);
        String wire = key.sign(token);
        assertThat(HexFormat.of().formatHex(tokenKeys.publicKey())).isEqualTo(TOKEN_PUBLIC_KEY);
        assertThat(key.kid()).isEqualTo(KID);
        assertThat(JcsWriter.canonical(token.toJcs())).isEqualTo(TOKEN_BODY);
        assertThat(wire).isEqualTo(TOKEN);
        AccessTokenVerifier verifier = new AccessTokenVerifier(List.of(tokenKeys.publicKey()), "node-a", clock, 0);
        assertThat(verifier.verify(wire)).isEqualTo(GateVerdict.accepted(token));
    }

    /**
     * The attestation vector of the retired {@code hashcash} share kind (docs/pool.md §4b), a pool-signed stamp on the
     * attestation's id: its bytes still parse and its signature still holds, and it buys nothing — the wrong type,
     * naming {@code share.kind}. (The header share's vector is pouw-gate {@code HeaderShareVectorTest}.)
     */
    @Test
    void theRetiredStampAttestationVectorIsTheWrongType() {
        JcsValue signed = StrictJsonParser.ascii(8192).parse(ATTESTATION);
        JcsValue.Obj body = ((JcsValue.Obj) signed).without("sig");
        assertThat(Ed25519.verify(poolKeys.publicKey(), JcsWriter.canonicalBytes(body), java.util.Base64
                .getUrlDecoder().decode(((JcsValue.Obj) signed).text("sig")))).isTrue();
        assertThat(HexFormat.of().formatHex(poolKeys.publicKey())).isEqualTo(POOL_PUBLIC_KEY);
        PoolAttestationCheck check = new PoolAttestationCheck(Map.of("pool-1", poolKeys.publicKey()), "node-a", clock,
                0, new ChallengeCheck(new byte[32], clock, "node-a", "store-1", 0), 8);
        GateVerdict<?> verdict = check.check(signed);
        assertThat(verdict).isInstanceOf(GateVerdict.Rejected.class);
        assertThat(((GateVerdict.Rejected<?>) verdict).reason()).isEqualTo(RejectionReason.WRONG_TYPE);
        assertThat(((GateVerdict.Rejected<?>) verdict).detail()).contains("share.kind");
    }
}
