package org.pouw.pool.attest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.pouw.core.SettableClock;
import org.pouw.crypto.Ed25519;
import org.pouw.pool.share.ShareVerdict;
import org.pouw.pool.share.ShareValidator;
import org.pouw.pool.share.VectorShares;
import tools.jackson.databind.node.ObjectNode;

/**
 * The test vectors of docs/pool.md §7, golden: a share challenge, the header ground on it, the miner's share
 * signature and the pool's attestation. pouw-gate's {@code HeaderShareVectorTest} checks the same attestation text,
 * so pool and node can not drift apart.
 */
class ShareVectorsTest {
    @Test
    void theShareAndAttestationVectors() {
        ObjectNode share = VectorShares.share();
        SettableClock clock = new SettableClock(VectorShares.T0 + 1_000);
        ShareVerdict verdict = new ShareValidator(VectorShares.NODE.publicKey(), clock, 0, 1)
                .validate(JacksonJcs.bytes(share));
        assertThat(verdict).isInstanceOf(ShareVerdict.Accepted.class);
        ShareVerdict.Accepted accepted = (ShareVerdict.Accepted) verdict;
        ObjectNode attestation = new ShareAttestor(VectorShares.POOL, "pool-1", "node-a", clock, 120_000,
                new SplittableRandom(7)).attest(accepted.share());
        assertThat(JacksonJcs.text(share)).isEqualTo(VectorShares.SHARE);
        assertThat(accepted.hashHex()).isEqualTo(VectorShares.HASH);
        assertThat(JacksonJcs.text(attestation)).isEqualTo(VectorShares.ATTESTATION);
    }

    @Test
    void canonicalJsonEscapesAsRfc8785Says() {
        ObjectNode value = tools.jackson.databind.json.JsonMapper.builder().build().createObjectNode();
        value.put("b", "\u0007\"\\\n/é😀");
        value.put("a", 9007199254740991L);
        value.putArray("c").add(true).addNull();
        assertThat(JacksonJcs.text(value)).isEqualTo("{\"a\":9007199254740991,\"b\":\"\\u0007\\\"\\\\\\n/é😀\","
                + "\"c\":[true,null]}");
    }

    static byte[] filled(int value) {
        byte[] bytes = new byte[32];
        Arrays.fill(bytes, (byte) value);
        return bytes;
    }

    static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }
}
