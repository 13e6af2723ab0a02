package org.pouw.chain.net;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.pouw.ml.wire.Bytes32;
import org.pouw.ml.wire.CanonicalReader;
import org.pouw.ml.wire.CanonicalWriter;
import org.pouw.ml.wire.EncodingException;

/**
 * One piece of a new tip pushed whole that is larger than one link frame (docs/network.md §4, "A new tip goes whole
 * to a few"): the block's canonical encoding cut into parts of exactly {@link #PART_BYTES}, the last one shorter, each
 * naming the block's hash and size so the receiver can put them together ({@link BlockPartAssembly}).
 *
 * <pre>
 * block_part: "PBPT" 0x01 ‖ hash[32] ‖ total u32 (1–2 MiB) ‖ index u32 ‖ length u32 ‖ length × byte
 * </pre>
 *
 * Canonical: the part count follows from {@code total}, {@code index} must be below it, and {@code length} must be
 * the one that index has; nothing follows. A part is under 224 KiB + 49 bytes, inside the transport's link frame.
 */
public record BlockPart(Bytes32 hash, int total, int index, byte[] data) {
    /** Bytes of every part but the last. */
    public static final int PART_BYTES = 224 * 1024;
    /**
     * The largest block pushed in parts: parts travel on the link stream, ahead of the announcements queued after
     * them on those few links, so the push is kept to blocks a link sends in a second or two; a larger block is
     * announced and fetched on the bulk stream.
     */
    public static final int MAX_BLOCK_BYTES = 2 << 20;
    private static final byte[] TAG = "PBPT\u0001".getBytes(StandardCharsets.ISO_8859_1);

    public BlockPart {
        if (total < 1 || total > MAX_BLOCK_BYTES) {
            throw new IllegalArgumentException("total: 1 to " + MAX_BLOCK_BYTES + " bytes, got " + total);
        }
        if (index < 0 || index >= parts(total)) {
            throw new IllegalArgumentException("index: 0 to " + (parts(total) - 1) + ", got " + index);
        }
        if (data.length != length(total, index)) {
            throw new IllegalArgumentException("part " + index + " of a " + total + "-byte block has "
                    + length(total, index) + " bytes, got " + data.length);
        }
        data = data.clone();
    }

    @Override
    public byte[] data() {
        return data.clone();
    }

    /** Parts a block of {@code total} bytes is cut into. */
    public static int parts(int total) {
        return Math.ceilDiv(total, PART_BYTES);
    }

    static int length(int total, int index) {
        return index < parts(total) - 1 ? PART_BYTES : total - PART_BYTES * (parts(total) - 1);
    }

    /** The parts of a block's encoding, in order. */
    public static List<BlockPart> split(Bytes32 hash, byte[] encoded) {
        List<BlockPart> parts = new ArrayList<>();
        for (int i = 0; i < parts(encoded.length); i++) {
            int from = i * PART_BYTES;
            parts.add(new BlockPart(hash, encoded.length, i,
                    Arrays.copyOfRange(encoded, from, from + length(encoded.length, i))));
        }
        return parts;
    }

    public byte[] encode() {
        return new CanonicalWriter(TAG.length + 44 + data.length).raw(TAG).bytes32(hash).i32(total).i32(index)
                .bytes(data).toByteArray();
    }

    /** Decodes a part strictly; anything else is an {@link EncodingException} naming the field. */
    public static BlockPart decode(byte[] bytes) {
        CanonicalReader in = new CanonicalReader(bytes);
        in.expectTag(TAG, "block_part");
        Bytes32 hash = in.bytes32("hash");
        int total = in.i32InRange("total", 1, MAX_BLOCK_BYTES);
        int index = in.i32InRange("index", 0, parts(total) - 1);
        int expected = length(total, index);
        int length = in.i32InRange("length", expected, expected);
        byte[] data = in.raw(length, "data");
        in.requireEnd("block_part");
        return new BlockPart(hash, total, index, data);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof BlockPart part && hash.equals(part.hash) && total == part.total
                && index == part.index && Arrays.equals(data, part.data);
    }

    @Override
    public int hashCode() {
        return hash.hashCode() * 31 + index;
    }

    @Override
    public String toString() {
        return "BlockPart[" + hash.hex() + " " + index + "/" + parts(total) + ", " + data.length + " bytes]";
    }
}
