package org.pouw.chain.net;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Predicate;
import org.pouw.chain.block.Block;
import org.pouw.chain.block.BlockHeader;
import org.pouw.chain.mining.WinnerOpening;
import org.pouw.chain.tx.Transaction;
import org.pouw.ml.wire.Bytes32;
import org.pouw.ml.wire.CanonicalReader;
import org.pouw.ml.wire.CanonicalWriter;
import org.pouw.ml.wire.EncodingException;

/**
 * A new tip pushed as its header, its winner's opening and short transaction ids (docs/network.md §4, "Compact
 * blocks"; BIP 152's {@code cmpctblock}): the receiver rebuilds the transactions from those it already took into its
 * mempool ({@link PartialBlock}) and asks only for the rest. Transactions the sender expects the receiver to lack
 * (those that never passed through its own mempool, such as a miner's own) go whole, "prefilled", at their index.
 *
 * <pre>
 * compact_block: "PCMP" 0x01 ‖ nonce u64 ‖ header (length u32 ‖ bytes) ‖ opening ‖ count u32 ‖
 *                prefilled u32 ‖ prefilled × (index u32 ‖ transaction (length u32 ‖ bytes)) ‖
 *                (count − prefilled) × short id[6]
 * </pre>
 *
 * Canonical: prefilled indexes strictly ascending and below {@code count}; the short ids are those of the other
 * indexes, in order ({@link ShortTxIds}, keyed by the block's hash and the nonce); nothing follows. Every count is
 * bounded by the bytes left before anything is allocated.
 */
public record CompactBlock(long nonce, BlockHeader header, WinnerOpening opening, int count,
                           List<Prefilled> prefilled, long[] shortIds) {
    private static final byte[] TAG = "PCMP\u0001".getBytes(StandardCharsets.ISO_8859_1);
    /** A header's encoding is a few hundred bytes; its ticket list is bounded by the header's own decoder. */
    private static final int MAX_HEADER_BYTES = 4 * 1024 * 1024;

    /** A transaction sent whole, at its index in the block. */
    public record Prefilled(int index, Transaction transaction) {
    }

    public CompactBlock {
        prefilled = List.copyOf(prefilled);
        shortIds = shortIds.clone();
        if (count < 0 || count > Block.MAX_ENCODED_TRANSACTIONS) {
            throw new IllegalArgumentException("count: 0 to " + Block.MAX_ENCODED_TRANSACTIONS + ", got " + count);
        }
        if (prefilled.size() + shortIds.length != count) {
            throw new IllegalArgumentException(prefilled.size() + " prefilled and " + shortIds.length
                    + " short ids for " + count + " transactions");
        }
        int previous = -1;
        for (Prefilled p : prefilled) {
            if (p.index() <= previous || p.index() >= count) {
                throw new IllegalArgumentException("prefilled index " + p.index() + " after " + previous
                        + " in a block of " + count);
            }
            previous = p.index();
        }
        for (long id : shortIds) {
            if ((id & ~ShortTxIds.MASK) != 0) {
                throw new IllegalArgumentException("a short id of more than 48 bits");
            }
        }
    }

    @Override
    public long[] shortIds() {
        return shortIds.clone();
    }

    /** The hash of the block this stands for, for the chain {@code chainId}. */
    public Bytes32 hash(Bytes32 chainId) {
        return header.hash(chainId);
    }

    /**
     * {@code block} as a compact block sent with {@code nonce}: the transactions {@code prefill} names (by id) whole,
     * the others as short ids.
     */
    public static CompactBlock of(Block block, Bytes32 chainId, long nonce, Predicate<Bytes32> prefill) {
        ShortTxIds ids = ShortTxIds.of(block.header().hash(chainId), nonce);
        List<Prefilled> whole = new ArrayList<>();
        long[] shortIds = new long[block.transactions().size()];
        int n = 0;
        for (int i = 0; i < block.transactions().size(); i++) {
            Transaction tx = block.transactions().get(i);
            Bytes32 id = tx.id(chainId);
            if (prefill.test(id)) {
                whole.add(new Prefilled(i, tx));
            } else {
                shortIds[n++] = ids.of(id);
            }
        }
        return new CompactBlock(nonce, block.header(), block.opening(), block.transactions().size(), whole,
                Arrays.copyOf(shortIds, n));
    }

    public byte[] encode() {
        CanonicalWriter out = new CanonicalWriter(1024 + shortIds.length * ShortTxIds.BYTES).raw(TAG).i64(nonce)
                .bytes(header.encode());
        opening.writeTo(out);
        out.i32(count).i32(prefilled.size());
        for (Prefilled p : prefilled) {
            out.i32(p.index()).bytes(p.transaction().encode());
        }
        byte[] six = new byte[ShortTxIds.BYTES];
        for (long id : shortIds) {
            for (int b = 0; b < ShortTxIds.BYTES; b++) {
                six[b] = (byte) (id >>> 8 * b);
            }
            out.raw(six);
        }
        return out.toByteArray();
    }

    /** Decodes a compact block strictly; anything else is an {@link EncodingException} naming the field. */
    public static CompactBlock decode(byte[] bytes) {
        try {
            CanonicalReader in = new CanonicalReader(bytes);
            in.expectTag(TAG, "compact_block");
            long nonce = in.i64("nonce");
            BlockHeader header = BlockHeader.decode(in.bytes("header", MAX_HEADER_BYTES));
            WinnerOpening opening = WinnerOpening.read(in);
            int count = in.i32InRange("count", 0, Block.MAX_ENCODED_TRANSACTIONS);
            int prefilledCount = in.count("prefilled", count, 8);
            List<Prefilled> prefilled = new ArrayList<>(prefilledCount);
            int previous = -1;
            for (int i = 0; i < prefilledCount; i++) {
                int index = in.i32InRange("prefilled index", previous + 1, count - 1);
                prefilled.add(new Prefilled(index, Transaction.decode(in.bytes("prefilled transaction",
                        Transaction.MAX_ENCODED))));
                previous = index;
            }
            int shortCount = count - prefilledCount;
            if ((long) shortCount * ShortTxIds.BYTES != in.remaining()) {
                throw new EncodingException("compact_block: " + shortCount + " short ids need "
                        + (long) shortCount * ShortTxIds.BYTES + " bytes, " + in.remaining() + " left");
            }
            long[] shortIds = new long[shortCount];
            for (int i = 0; i < shortCount; i++) {
                shortIds[i] = SipHash24.littleEndian(in.raw(ShortTxIds.BYTES, "short id"), 0, ShortTxIds.BYTES);
            }
            in.requireEnd("compact_block");
            return new CompactBlock(nonce, header, opening, count, prefilled, shortIds);
        } catch (IllegalArgumentException e) {
            throw new EncodingException("compact_block: " + e.getMessage());
        }
    }
}
