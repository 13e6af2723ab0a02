package org.pouw.gate.poolattest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.pouw.core.SettableClock;
import org.pouw.crypto.Ed25519;
import org.pouw.gate.GateVerdict;
import org.pouw.gate.challenge.ChallengeCheck;
import org.pouw.gate.challenge.ChallengeKey;
import org.pouw.crypto.jcs.JcsWriter;
import org.pouw.crypto.jcs.StrictJsonParser;

/**
 * docs/pool.md §7: the attestation pouw-pool's {@code ShareVectorsTest} makes (node challenge key, miner and pool
 * keys the seeds of 32 bytes {@code 03}, {@code 01}, {@code 06}) is accepted by the node's re-check, byte for byte, and
 * names the same header hash. The two modules may not share code; this golden text keeps them agreeing.
 */
public class HeaderShareVectorTest {
    static final long T0 = 1_760_000_000_000L;
    static final String HASH = "028b4fa8488abbee2dbc69e4a8642079c16680853a4a85a0e31dce66c5cd54c4";
    public static final String ATTESTATION = "{\"aud\":\"node-a\",\"expires_at_ms\":1760000121000,\"id\":\"d70d3259e4e1cb631c663cf4d73c4c04\",\"iss"
            + "ued_at_ms\":1760000001000,\"miner\":\"did:key:z6Mkon3Necd6NkkyfoGoHxid2znGc59LU3K7mubaRcFbLfLX"
            + "\",\"pool\":\"pool-1\",\"share\":{\"branch\":[],\"challenge\":{\"did\":\"did:key:z6Mkon3Necd6NkkyfoGoHxi"
            + "d2znGc59LU3K7mubaRcFbLfLX\",\"difficulty\":4,\"expires_at_ms\":1760000600000,\"id\":\"5f1c0a3e9b7d"
            + "24681357a9bdf0ce8642\",\"issued_at_ms\":1760000000000,\"kind\":\"share\",\"node\":\"node-a\",\"resourc"
            + "e\":\"5f1c0a3e9b7d24681357a9bdf0ce8642\",\"sig\":\"5vm7Q7PWX4ZL0f6oTgKb3x3-mPPRpGfRnY3lksTC1bPZq"
            + "sZCSPj-8zN_tfBjPCxN3hsIEBzDXSCBT5G5QMVKCw\",\"store\":\"store-1\",\"type\":\"pouw-challenge-v1\"},\""
            + "coinbase\":\"706f75772d636f696e626173652d76313a6469643a6b65793a7a364d6b6f6e334e656364364e6b6"
            + "b79666f476f48786964327a6e476335394c55334b376d756261526346624c664c583a30303031\",\"difficulty"
            + "\":64,\"header\":\"000000200c7f183fc383123caac0f92afa6ce3e36d972f909c5330b2bee47aacce6b14e7da0"
            + "49ba4e9c3fad658d1bb769198eb1649ce91fa2badfa922851f13e4f1a71d70078e768ffff7f2057000000\",\"ki"
            + "nd\":\"sha256d-header\"},\"sig\":\"qLA5sl9hyR-xKZFFg2n6mQTzVWsqhMY9_lQx7eILJqBAOrURWwTB7CLtI8hDg"
            + "3dW2kav3SAJQeQMBDyeINI7AQ\",\"type\":\"pouw-pool-attestation-v1\"}";

    private static byte[] filled(int value) {
        byte[] bytes = new byte[32];
        Arrays.fill(bytes, (byte) value);
        return bytes;
    }

    @Test
    void thePoolsVectorAttestationPassesTheNodesReCheck() {
        SettableClock clock = new SettableClock(T0 + 2_000);
        Ed25519.KeyPair node = Ed25519.KeyPair.fromPrivateKey(filled(3));
        Ed25519.KeyPair pool = Ed25519.KeyPair.fromPrivateKey(filled(6));
        PoolAttestationCheck check = new PoolAttestationCheck(Map.of("pool-1", pool.publicKey()), "node-a", clock, 0,
                new ChallengeCheck(new ChallengeKey(node), clock, "node-a", "store-1", 0), 4);
        GateVerdict<PoolAttestation> verdict = check.check(StrictJsonParser.ascii(8192).parse(ATTESTATION));
        assertThat(verdict).isInstanceOf(GateVerdict.Accepted.class);
        PoolAttestation attestation = ((GateVerdict.Accepted<PoolAttestation>) verdict).value();
        assertThat(((HeaderShare) attestation.share()).hashHex()).isEqualTo(HASH);
        assertThat(((HeaderShare) attestation.share()).difficulty()).isEqualTo(64);
        assertThat(JcsWriter.canonical(new PoolAttestationSigner(pool).sign(attestation))).isEqualTo(ATTESTATION);
    }
}
