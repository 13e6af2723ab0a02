package org.pouw.node.net;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.pouw.ml.wire.Bytes32;

/**
 * A node's transaction inventory (docs/network.md §2, bulk type 6): the ids of the transactions it still has pending
 * and can serve, in the order it took them ({@link PendingTxInventory}), asked by a peer that dropped some of its
 * announcements under overload ({@link TxReconciliation}). {@code "PINV" 0x01 ‖ count u32 ‖ count × id[32]}, at most
 * {@value #MAX_IDS} ids (the cache a node serves transactions from), nothing after the last. Decoding refuses anything
 * else, counting before it allocates.
 */
public final class TxInventory {
    /** The ids one inventory holds at most: every transaction a node keeps to serve. */
    public static final int MAX_IDS = RecentTransactions.CAPACITY;
    /** The one request a bulk fetch of an inventory carries (a version byte, room for later forms). */
    static final byte[] REQUEST = {1};
    private static final byte[] MAGIC = "PINV".getBytes(StandardCharsets.US_ASCII);
    private static final byte VERSION = 1;
    private static final int HEAD = MAGIC.length + 1 + Integer.BYTES;

    private TxInventory() {
    }

    public static byte[] encode(List<Bytes32> ids) {
        if (ids.size() > MAX_IDS) {
            throw new IllegalArgumentException("an inventory holds at most " + MAX_IDS + " ids, got " + ids.size());
        }
        ByteBuffer out = ByteBuffer.allocate(HEAD + ids.size() * Bytes32.LENGTH);
        out.put(MAGIC).put(VERSION).putInt(ids.size());
        ids.forEach(id -> out.put(id.toArray()));
        return out.array();
    }

    /** The ids of an encoded inventory; IllegalArgumentException naming the defect otherwise. */
    public static List<Bytes32> decode(byte[] bytes) {
        if (bytes.length < HEAD || !Arrays.equals(bytes, 0, MAGIC.length, MAGIC, 0, MAGIC.length)
                || bytes[MAGIC.length] != VERSION) {
            throw new IllegalArgumentException("not a version-1 transaction inventory");
        }
        ByteBuffer in = ByteBuffer.wrap(bytes, MAGIC.length + 1, bytes.length - MAGIC.length - 1);
        int count = in.getInt();
        if (count < 0 || count > MAX_IDS) {
            throw new IllegalArgumentException("inventory count " + Integer.toUnsignedString(count) + " over "
                    + MAX_IDS);
        }
        if (in.remaining() != (long) count * Bytes32.LENGTH) {
            throw new IllegalArgumentException("inventory of " + count + " ids has " + in.remaining()
                    + " bytes of ids");
        }
        List<Bytes32> ids = new ArrayList<>(count);
        byte[] id = new byte[Bytes32.LENGTH];
        for (int i = 0; i < count; i++) {
            in.get(id);
            ids.add(Bytes32.of(id.clone()));
        }
        return ids;
    }
}
