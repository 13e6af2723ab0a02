package org.pouw.gate.poolattest;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.pouw.crypto.jcs.JcsValue;
import org.pouw.crypto.jcs.JcsWriter;

/** Test support: grinds a header on a share challenge, as a miner does (docs/pool.md §2). */
public final class HeaderShareMiner {
    private HeaderShareMiner() {
    }

    public static byte[] coinbase(String minerDid, String extranonce) {
        return (HeaderWork.COINBASE_PREFIX + minerDid + ":" + extranonce).getBytes(StandardCharsets.US_ASCII);
    }

    /** The header with the smallest nonce whose hash meets {@code difficulty}, or, when {@code meets} is false, misses it. */
    public static byte[] header(JcsValue.Obj challenge, byte[] coinbase, long difficulty, boolean meets) {
        byte[] prev = HeaderWork.sha256d(JcsWriter.canonicalBytes(challenge));
        byte[] root = HeaderWork.merkleRoot(coinbase, List.of());
        ByteBuffer header = ByteBuffer.allocate(HeaderWork.HEADER_LENGTH).order(ByteOrder.LITTLE_ENDIAN);
        header.putInt(0x20000000).put(prev).put(root).putInt(1_760_000_000).putInt(HeaderWork.NBITS).putInt(0);
        byte[] bytes = header.array();
        for (int nonce = 0; ; nonce++) {
            ByteBuffer.wrap(bytes, 76, 4).order(ByteOrder.LITTLE_ENDIAN).putInt(nonce);
            boolean under = HeaderWork.hashValue(HeaderWork.sha256d(bytes))
                    .compareTo(HeaderWork.target(difficulty)) <= 0;
            if (under == meets) {
                return bytes.clone();
            }
        }
    }
}
