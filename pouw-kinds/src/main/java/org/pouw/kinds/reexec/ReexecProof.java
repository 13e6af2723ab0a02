package org.pouw.kinds.reexec;

import java.nio.ByteBuffer;
import java.util.Arrays;
import org.pouw.vm.VmState;

/**
 * A {@code reexec} worker's answer: how many steps it ran, the state it ended in, and the BLAKE3 hash of the trace
 * segment it produced. Fixed layout, big-endian: {@code "PWRX"} ‖ version 1 (1 byte) ‖ steps (8) ‖ end state
 * ({@link VmState#ENCODED_LENGTH}) ‖ trace hash (32).
 */
public record ReexecProof(long steps, VmState end, byte[] traceHash) {
    private static final byte[] MAGIC = {'P', 'W', 'R', 'X'};
    private static final byte VERSION = 1;
    public static final int LENGTH = MAGIC.length + 1 + 8 + VmState.ENCODED_LENGTH + 32;

    public ReexecProof {
        traceHash = traceHash.clone();
    }

    public byte[] encode() {
        return ByteBuffer.allocate(LENGTH).put(MAGIC).put(VERSION).putLong(steps).put(end.encode()).put(traceHash)
                .array();
    }

    /** Decodes strictly; throws {@link IllegalArgumentException} (with what is wrong) for anything else. */
    public static ReexecProof decode(byte[] bytes) {
        if (bytes == null || bytes.length != LENGTH) {
            throw new IllegalArgumentException("a reexec proof has " + LENGTH + " bytes, got "
                    + (bytes == null ? 0 : bytes.length));
        }
        if (!Arrays.equals(bytes, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
            throw new IllegalArgumentException("not a reexec proof (bad magic)");
        }
        if (bytes[MAGIC.length] != VERSION) {
            throw new IllegalArgumentException("unsupported reexec proof version " + bytes[MAGIC.length]);
        }
        ByteBuffer in = ByteBuffer.wrap(bytes, MAGIC.length + 1, LENGTH - MAGIC.length - 1);
        long steps = in.getLong();
        byte[] state = new byte[VmState.ENCODED_LENGTH];
        in.get(state);
        byte[] hash = new byte[32];
        in.get(hash);
        return new ReexecProof(steps, VmState.decode(state), hash);
    }

    @Override
    public byte[] traceHash() {
        return traceHash.clone();
    }
}
