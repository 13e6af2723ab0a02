package org.pouw.chain.net;

/**
 * SipHash-2-4 (Aumasson and Bernstein, 2012): a keyed 64-bit hash, fast on short inputs and, with a key the attacker
 * does not know, not something one can find collisions of by grinding. Compact blocks use it for their short
 * transaction ids ({@link ShortTxIds}), as BIP 152 does.
 */
final class SipHash24 {
    private SipHash24() {
    }

    /** The hash of {@code message} under the key {@code (k0, k1)} (the key's two little-endian halves). */
    static long hash(long k0, long k1, byte[] message) {
        long[] v = {0x736f6d6570736575L ^ k0, 0x646f72616e646f6dL ^ k1, 0x6c7967656e657261L ^ k0,
                0x7465646279746573L ^ k1};
        int whole = message.length - message.length % 8;
        for (int i = 0; i < whole; i += 8) {
            absorb(v, littleEndian(message, i, 8));
        }
        absorb(v, (long) message.length << 56 | littleEndian(message, whole, message.length - whole));
        v[2] ^= 0xff;
        rounds(v, 4);
        return v[0] ^ v[1] ^ v[2] ^ v[3];
    }

    /** One 8-byte word through two compression rounds. */
    private static void absorb(long[] v, long word) {
        v[3] ^= word;
        rounds(v, 2);
        v[0] ^= word;
    }

    private static void rounds(long[] v, int count) {
        for (int r = 0; r < count; r++) {
            v[0] += v[1];
            v[1] = Long.rotateLeft(v[1], 13) ^ v[0];
            v[0] = Long.rotateLeft(v[0], 32);
            v[2] += v[3];
            v[3] = Long.rotateLeft(v[3], 16) ^ v[2];
            v[0] += v[3];
            v[3] = Long.rotateLeft(v[3], 21) ^ v[0];
            v[2] += v[1];
            v[1] = Long.rotateLeft(v[1], 17) ^ v[2];
            v[2] = Long.rotateLeft(v[2], 32);
        }
    }

    /** {@code length} (0–8) bytes from {@code at}, least significant first. */
    static long littleEndian(byte[] bytes, int at, int length) {
        long value = 0;
        for (int i = length - 1; i >= 0; i--) {
            value = value << 8 | (bytes[at + i] & 0xffL);
        }
        return value;
    }
}
