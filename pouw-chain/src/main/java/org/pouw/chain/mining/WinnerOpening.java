package org.pouw.chain.mining;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.pouw.crypto.MerkleTree;
import org.pouw.ml.wire.Bytes32;
import org.pouw.ml.wire.CanonicalReader;
import org.pouw.ml.wire.CanonicalWriter;
import org.pouw.ml.wire.EncodingException;

/**
 * What a block body carries so that every validator can replay its winning step without holding the task's dataset
 * (docs/chain.md §3.3, §7): the encoded training state the step started from and the step's batch records with their
 * Merkle proofs against the task's dataset. Nothing in it is signed: the header already commits to the start state's
 * hash, and the records are fixed by the dataset root and the drawn batch, so a relay that changes the opening makes
 * the block fail its replay without making the header invalid.
 *
 * <p>Encoding: {@code state (u32 length ‖ bytes) ‖ record count u32 ‖ (record (u32 length ‖ bytes) ‖ index i32 ‖
 * leaf count i32 ‖ sibling count u8 ‖ siblings[32]*)*}.
 */
public record WinnerOpening(byte[] startState, OpenedBatch batch) {
    /**
     * Largest encoded start state: an Adam-trained MNIST MLP 784-128-64-10 (three words per parameter) is 1.3 MB, so
     * 16 MiB leaves room for the largest task the replay cap (§3.4) will admit.
     */
    public static final int MAX_STATE_BYTES = 16 << 20;
    /** A record is a label, a feature count and the features; 2^16 features is more than any admitted shape. */
    public static final int MAX_RECORD_BYTES = 8 + 4 * (1 << 16);
    /** pouw-ml's largest batch. */
    public static final int MAX_RECORDS = 1 << 16;
    /** A Merkle path over fewer than 2^31 leaves has at most 31 siblings. */
    private static final int MAX_SIBLINGS = 31;
    /** The smallest a record with its proof can encode to: empty record, index, leaf count, no siblings. */
    private static final int MIN_RECORD_BYTES = 4 + 4 + 4 + 1;

    public WinnerOpening {
        if (startState == null || batch == null) {
            throw new IllegalArgumentException("an opening needs the start state and the batch records");
        }
        if (startState.length > MAX_STATE_BYTES) {
            throw new IllegalArgumentException("start state is " + startState.length + " bytes, at most "
                    + MAX_STATE_BYTES);
        }
        if (batch.records().size() > MAX_RECORDS) {
            throw new IllegalArgumentException(batch.records().size() + " records, at most " + MAX_RECORDS);
        }
        for (int i = 0; i < batch.records().size(); i++) {
            MerkleTree.Proof proof = batch.proofs().get(i);
            if (batch.records().get(i).length > MAX_RECORD_BYTES || proof.siblings().size() > MAX_SIBLINGS
                    || proof.index() < 0 || proof.leafCount() < 1
                    || proof.siblings().stream().anyMatch(sibling -> sibling.length != Bytes32.LENGTH)) {
                throw new IllegalArgumentException("record " + i + " or its proof can not be encoded in a block");
            }
        }
        startState = startState.clone();
    }

    @Override
    public byte[] startState() {
        return startState.clone();
    }

    public void writeTo(CanonicalWriter out) {
        out.bytes(startState).i32(batch.records().size());
        for (int i = 0; i < batch.records().size(); i++) {
            MerkleTree.Proof proof = batch.proofs().get(i);
            out.bytes(batch.records().get(i)).i32(proof.index()).i32(proof.leafCount()).u8(proof.siblings().size());
            for (byte[] sibling : proof.siblings()) {
                out.raw(sibling);
            }
        }
    }

    public static WinnerOpening read(CanonicalReader in) {
        byte[] state = in.bytes("start state", MAX_STATE_BYTES);
        int count = in.count("batch records", MAX_RECORDS, MIN_RECORD_BYTES);
        List<byte[]> records = new ArrayList<>(count);
        List<MerkleTree.Proof> proofs = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            records.add(in.bytes("record " + i, MAX_RECORD_BYTES));
            int index = in.i32InRange("record " + i + " index", 0, Integer.MAX_VALUE);
            int leafCount = in.i32InRange("record " + i + " leaf count", 1, Integer.MAX_VALUE);
            int siblings = in.u8("record " + i + " sibling count");
            if (siblings > MAX_SIBLINGS) {
                throw new EncodingException("record " + i + ": " + siblings + " siblings, at most " + MAX_SIBLINGS);
            }
            List<byte[]> path = new ArrayList<>(siblings);
            for (int s = 0; s < siblings; s++) {
                path.add(in.raw(Bytes32.LENGTH, "record " + i + " sibling"));
            }
            proofs.add(new MerkleTree.Proof(index, leafCount, path));
        }
        return new WinnerOpening(state, new OpenedBatch(records, proofs));
    }

    /** The opening's bytes, for equality: records hold arrays, which compare by identity. */
    public byte[] encode() {
        CanonicalWriter out = new CanonicalWriter(startState.length + 64);
        writeTo(out);
        return out.toByteArray();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof WinnerOpening that && Arrays.equals(encode(), that.encode());
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(startState);
    }

    @Override
    public String toString() {
        return "opening of " + startState.length + " state bytes and " + batch.records().size() + " records";
    }
}
