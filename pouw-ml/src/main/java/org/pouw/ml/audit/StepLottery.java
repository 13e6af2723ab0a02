package org.pouw.ml.audit;

import java.nio.charset.StandardCharsets;
import org.pouw.crypto.Blake3;
import org.pouw.ml.wire.Bytes32;

/**
 * "Nonce from work" (Lihu, Du, Lin, Pervez, Cheng, "A Proof of Useful Work for Artificial Intelligence on the
 * Blockchain", 2020): every training step's leaf hash is a lottery ticket, so each ticket costs one real training
 * step instead of one hash of a free nonce.
 *
 * <p>A step's leaf is fully determined by the task (seed, data, previous state), so it cannot be ground; the
 * {@code context} (e.g. the previous block hash and the miner's key) makes the ticket specific to one block race.
 * {@code ticket = BLAKE3("pouw-ml-ticket-v1" ‖ context ‖ leaf hash)}, read as a 256-bit big-endian number;
 * it wins when it is at most the target.
 */
public final class StepLottery {
    private static final byte[] DOMAIN = "pouw-ml-ticket-v1".getBytes(StandardCharsets.US_ASCII);

    private StepLottery() {
    }

    public static Bytes32 ticket(Bytes32 leafHash, byte[] context) {
        return Bytes32.of(Blake3.hash(DOMAIN, context, leafHash.toArray()));
    }

    /** True if {@code ticket ≤ target}, both read as unsigned big-endian 256-bit numbers. */
    public static boolean meetsTarget(Bytes32 ticket, Bytes32 target) {
        byte[] t = ticket.toArray();
        byte[] limit = target.toArray();
        for (int i = 0; i < t.length; i++) {
            int a = t[i] & 0xFF;
            int b = limit[i] & 0xFF;
            if (a != b) {
                return a < b;
            }
        }
        return true;
    }

    /** The target {@code 2^(256 − bits) − 1}: a ticket wins with probability {@code 2^−bits}. */
    public static Bytes32 targetForDifficulty(int bits) {
        if (bits < 0 || bits > 256) {
            throw new IllegalArgumentException("difficulty bits must be in [0, 256], got " + bits);
        }
        byte[] target = new byte[32];
        for (int bit = bits; bit < 256; bit++) {
            target[bit / 8] |= (byte) (0x80 >>> (bit % 8));
        }
        return Bytes32.of(target);
    }
}
