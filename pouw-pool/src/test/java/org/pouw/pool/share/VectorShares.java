package org.pouw.pool.share;

import java.util.Arrays;
import org.pouw.crypto.Ed25519;
import tools.jackson.databind.node.ObjectNode;

/** The inputs of docs/pool.md §7's vectors: fixed keys (seeds of 32 equal bytes), a fixed challenge and coinbase. */
public final class VectorShares {
    public static final long T0 = 1_760_000_000_000L;
    public static final Ed25519.KeyPair NODE = Ed25519.KeyPair.fromPrivateKey(filled(3));
    public static final Ed25519.KeyPair MINER = Ed25519.KeyPair.fromPrivateKey(filled(1));
    public static final Ed25519.KeyPair POOL = Ed25519.KeyPair.fromPrivateKey(filled(6));
    public static final String SHARE = "{\"challenge\":{\"did\":\"did:key:z6Mkon3Necd6NkkyfoGoHxid2znGc59LU3K7mubaRcFbLfLX\",\"difficulty"
            + "\":4,\"expires_at_ms\":1760000600000,\"id\":\"5f1c0a3e9b7d24681357a9bdf0ce8642\",\"issued_at_ms\":1"
            + "760000000000,\"kind\":\"share\",\"node\":\"node-a\",\"resource\":\"5f1c0a3e9b7d24681357a9bdf0ce8642\","
            + "\"sig\":\"5vm7Q7PWX4ZL0f6oTgKb3x3-mPPRpGfRnY3lksTC1bPZqsZCSPj-8zN_tfBjPCxN3hsIEBzDXSCBT5G5QMV"
            + "KCw\",\"store\":\"store-1\",\"type\":\"pouw-challenge-v1\"},\"challenge_id\":\"5f1c0a3e9b7d24681357a9b"
            + "df0ce8642\",\"coinbase\":\"706f75772d636f696e626173652d76313a6469643a6b65793a7a364d6b6f6e334e6"
            + "56364364e6b6b79666f476f48786964327a6e476335394c55334b376d756261526346624c664c583a30303031\""
            + ",\"difficulty\":64,\"miner_address\":\"did:key:z6Mkon3Necd6NkkyfoGoHxid2znGc59LU3K7mubaRcFbLfLX"
            + "\",\"nonce\":\"57000000\",\"signature\":\"_fA4Tl9ZBWsI-v2rSHnmmuVfwhCwCrluPXNI_xRzD7ycNzumrkRVEKw5"
            + "6z3QgJfVCg0upniec1xkvFMc6lxhDg\",\"solution\":\"000000200c7f183fc383123caac0f92afa6ce3e36d972f"
            + "909c5330b2bee47aacce6b14e7da049ba4e9c3fad658d1bb769198eb1649ce91fa2badfa922851f13e4f1a71d7"
            + "0078e768ffff7f2057000000\",\"timestamp\":1760000000000}";
    public static final String HASH = "028b4fa8488abbee2dbc69e4a8642079c16680853a4a85a0e31dce66c5cd54c4";
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

    private VectorShares() {
    }

    public static ObjectNode share() {
        ObjectNode challenge = TestShares.challenge(NODE, MINER.did().toString(), 4, T0, T0 + 600_000,
                "5f1c0a3e9b7d24681357a9bdf0ce8642");
        byte[] coinbase = TestShares.coinbase(MINER.did().toString(), "0001");
        return TestShares.share(challenge, MINER.did().toString(), TestShares.grind(challenge, coinbase, 64, true),
                coinbase, 64, MINER);
    }

    private static byte[] filled(int value) {
        byte[] bytes = new byte[32];
        Arrays.fill(bytes, (byte) value);
        return bytes;
    }
}
