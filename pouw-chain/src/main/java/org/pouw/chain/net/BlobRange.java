package org.pouw.chain.net;

import java.nio.ByteBuffer;
import org.pouw.ml.wire.Bytes32;
import org.pouw.ml.wire.EncodingException;

/**
 * A {@code get_blob} request (docs/network.md §2): records {@code [first, first + count)} of the dataset named by its
 * chain id. It travels as the id of a bulk fetch, {@code dataset[32] ‖ first u64 ‖ count u32} (44 bytes, under the
 * transport's 64), so the answer comes over the bulk stream, in chunks, never in front of an announcement.
 */
public record BlobRange(Bytes32 dataset, long first, int count) {
    /** Records one request asks for at most (with records of a few hundred bytes, an answer of well under 1 MiB). */
    public static final int MAX_RECORDS = 256;
    public static final int ID_BYTES = 32 + 8 + 4;

    public BlobRange {
        if (dataset == null) {
            throw new IllegalArgumentException("a blob range needs the dataset id");
        }
        if (first < 0) {
            throw new IllegalArgumentException("first must be >= 0, got " + first);
        }
        if (count < 1 || count > MAX_RECORDS) {
            throw new IllegalArgumentException("count must be 1 to " + MAX_RECORDS + ", got " + count);
        }
    }

    public byte[] id() {
        return ByteBuffer.allocate(ID_BYTES).put(dataset.toArray()).putLong(first).putInt(count).array();
    }

    /** A bulk fetch id read as a blob range; bad bytes fail naming the field. */
    public static BlobRange ofId(byte[] id) {
        if (id.length != ID_BYTES) {
            throw new EncodingException("blob range id: " + ID_BYTES + " bytes expected, got " + id.length);
        }
        ByteBuffer in = ByteBuffer.wrap(id);
        byte[] dataset = new byte[32];
        in.get(dataset);
        long first = in.getLong();
        int count = in.getInt();
        if (first < 0) {
            throw new EncodingException("blob range first: must be >= 0, got " + first);
        }
        if (count < 1 || count > MAX_RECORDS) {
            throw new EncodingException("blob range count: must be 1 to " + MAX_RECORDS + ", got " + count);
        }
        return new BlobRange(Bytes32.of(dataset), first, count);
    }
}
