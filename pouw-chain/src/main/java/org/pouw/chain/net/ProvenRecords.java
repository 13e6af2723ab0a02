package org.pouw.chain.net;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.pouw.chain.task.DatasetId;
import org.pouw.crypto.MerkleTree;
import org.pouw.ml.wire.CanonicalReader;
import org.pouw.ml.wire.CanonicalWriter;
import org.pouw.ml.wire.EncodingException;

/**
 * The answer to a {@link BlobRange}: the records, each with its Merkle inclusion proof against the dataset's root
 * (docs/network.md §2). The asker knows the root and the record count from the task on chain ({@link DatasetId});
 * every record must sit at exactly its index among exactly that many, so a peer can neither change a record, nor
 * reorder, skip or pad them, nor pass off a record from another position or another dataset.
 *
 * <pre>
 * "PBLB" 0x01 ‖ count u32 ‖ count × (record (length u32 ‖ bytes) ‖ siblings u8 ‖ siblings × hash[32])
 * </pre>
 */
public final class ProvenRecords {
    /**
     * Bytes one record may have: a label, a count and 65,536 float features, the most a dataset's encoding allows.
     * The asker picks how many records a range asks for so that they stay under the transport's object limit.
     */
    public static final int MAX_RECORD_BYTES = 8 + 4 * 65_536;
    /** Siblings one proof has at most: enough for 2^62 records. */
    private static final int MAX_SIBLINGS = 62;
    private static final byte[] TAG = "PBLB\u0001".getBytes(StandardCharsets.ISO_8859_1);

    private ProvenRecords() {
    }

    /** The server's side: records {@code first…} and their proofs, in order. */
    public static byte[] encode(List<byte[]> records, List<MerkleTree.Proof> proofs) {
        if (records.size() != proofs.size()) {
            throw new IllegalArgumentException("one proof per record");
        }
        CanonicalWriter out = new CanonicalWriter().raw(TAG).i32(records.size());
        for (int i = 0; i < records.size(); i++) {
            out.bytes(records.get(i)).u8(proofs.get(i).siblings().size());
            proofs.get(i).siblings().forEach(out::raw);
        }
        return out.toByteArray();
    }

    /**
     * The asker's side: the records of {@code range} if {@code answer} proves every one of them against
     * {@code dataset}; otherwise {@link BlobProofException} naming what is wrong (the peer lied: honest bytes always
     * verify). The answer must hold all the records asked for that exist: {@code min(count, size - first)}.
     */
    public static List<byte[]> verify(DatasetId dataset, BlobRange range, byte[] answer) {
        if (!dataset.hash().equals(range.dataset())) {
            throw new IllegalArgumentException("the range asks for another dataset than the one to check against");
        }
        if (dataset.size() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("datasets of more than 2^31 - 1 records are not served by range");
        }
        if (range.first() >= dataset.size()) {
            throw new IllegalArgumentException("the range starts past the dataset's " + dataset.size() + " records");
        }
        int expected = (int) Math.min(range.count(), dataset.size() - range.first());
        CanonicalReader in;
        List<byte[]> records = new ArrayList<>(expected);
        try {
            in = new CanonicalReader(answer);
            in.expectTag(TAG, "blob answer");
            int count = in.i32("record count");
            if (count != expected) {
                throw new BlobProofException("the answer has " + count + " records, " + expected + " were asked for");
            }
            byte[] root = dataset.root().toArray();
            for (int i = 0; i < count; i++) {
                byte[] record = in.bytes("record " + i, MAX_RECORD_BYTES);
                int siblingCount = in.u8("record " + i + " siblings");
                if (siblingCount > MAX_SIBLINGS) {
                    throw new BlobProofException("record " + i + " has a proof of " + siblingCount + " hashes");
                }
                List<byte[]> siblings = new ArrayList<>(siblingCount);
                for (int s = 0; s < siblingCount; s++) {
                    siblings.add(in.raw(32, "record " + i + " sibling " + s));
                }
                long index = range.first() + i;
                MerkleTree.Proof proof = new MerkleTree.Proof((int) index, (int) dataset.size(), siblings);
                if (!proof.verify(root, MerkleTree.leafHash(record))) {
                    throw new BlobProofException("record " + index + " does not verify against the dataset's root");
                }
                records.add(record);
            }
            in.requireEnd("blob answer");
        } catch (EncodingException e) {
            throw new BlobProofException("not a blob answer: " + e.getMessage());
        }
        return records;
    }
}
