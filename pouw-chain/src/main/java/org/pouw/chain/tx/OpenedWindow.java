package org.pouw.chain.tx;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.pouw.chain.mining.MinedStep;
import org.pouw.chain.mining.OpenedBatch;
import org.pouw.crypto.MerkleTree;
import org.pouw.ml.wire.Bytes32;
import org.pouw.ml.wire.CanonicalReader;
import org.pouw.ml.wire.CanonicalWriter;
import org.pouw.ml.wire.EncodingException;

/**
 * One challenged window of an {@link AuditOpen} (docs/chain.md §5.2): the encoded training state the window's first
 * step started from, and per step of the window its leaf (the {@link MinedStep} the segment committed to), the
 * leaf's Merkle path in the segment, and the step's batch records with their dataset proofs. One state serves the
 * whole window: the validator replays the steps one after another from it.
 *
 * <p>Encoding: {@code state (u32 length ‖ bytes) ‖ steps u32 ‖ (leaf ‖ path (u8 count ‖ sibling[32]*) ‖ records u32 ‖
 * (record (u32 length ‖ bytes) ‖ index i32 ‖ leaf count i32 ‖ u8 count ‖ sibling[32]*)*)*}; the leaf is the
 * header's {@code MinedStep} encoding.
 */
public record OpenedWindow(byte[] startState, List<MinedStep> leaves, List<List<Bytes32>> leafPaths,
                           List<OpenedBatch> batches) {
    /** A window is w steps (§6: 4); windows of merged challenges are wider, never more than this. */
    public static final int MAX_STEPS = 256;
    /** pouw-ml's largest batch. */
    public static final int MAX_RECORDS = 1 << 16;
    /** A record is a label, a feature count and the features; 2^16 features is more than any admitted shape. */
    public static final int MAX_RECORD_BYTES = 8 + 4 * (1 << 16);
    /** A Merkle path over fewer than 2^31 leaves has at most 31 siblings. */
    private static final int MAX_SIBLINGS = 31;
    /** The smallest a leaf with its path and records can encode to. */
    private static final int MIN_STEP_BYTES = 8 + 4 * Bytes32.LENGTH + 4 + 1 + 4;
    private static final int MIN_RECORD_BYTES = 4 + 4 + 4 + 1;

    public OpenedWindow {
        if (startState == null || leaves == null || leafPaths == null || batches == null) {
            throw new IllegalArgumentException("an opened window needs its start state, leaves, paths and batches");
        }
        if (leaves.isEmpty() || leaves.size() > MAX_STEPS) {
            throw new IllegalArgumentException("a window opens 1 to " + MAX_STEPS + " steps, got " + leaves.size());
        }
        if (leafPaths.size() != leaves.size() || batches.size() != leaves.size()) {
            throw new IllegalArgumentException(leaves.size() + " leaves but " + leafPaths.size() + " paths and "
                    + batches.size() + " batches");
        }
        for (List<Bytes32> path : leafPaths) {
            if (path.size() > MAX_SIBLINGS) {
                throw new IllegalArgumentException("a leaf path has at most " + MAX_SIBLINGS + " siblings");
            }
        }
        for (OpenedBatch batch : batches) {
            if (batch.records().size() > MAX_RECORDS) {
                throw new IllegalArgumentException("a batch opens at most " + MAX_RECORDS + " records");
            }
            for (int i = 0; i < batch.records().size(); i++) {
                MerkleTree.Proof proof = batch.proofs().get(i);
                if (batch.records().get(i).length > MAX_RECORD_BYTES || proof.siblings().size() > MAX_SIBLINGS
                        || proof.index() < 0 || proof.leafCount() < 1
                        || proof.siblings().stream().anyMatch(s -> s.length != Bytes32.LENGTH)) {
                    throw new IllegalArgumentException("record " + i + " or its proof can not be encoded");
                }
            }
        }
        startState = startState.clone();
        leaves = List.copyOf(leaves);
        leafPaths = leafPaths.stream().map(List::copyOf).toList();
        batches = List.copyOf(batches);
    }

    @Override
    public byte[] startState() {
        return startState.clone();
    }

    /** The number of steps the window opens, each one replay. */
    public int steps() {
        return leaves.size();
    }

    void writeTo(CanonicalWriter out) {
        out.bytes(startState).i32(leaves.size());
        for (int s = 0; s < leaves.size(); s++) {
            leaves.get(s).writeTo(out);
            out.u8(leafPaths.get(s).size());
            for (Bytes32 sibling : leafPaths.get(s)) {
                out.bytes32(sibling);
            }
            OpenedBatch batch = batches.get(s);
            out.i32(batch.records().size());
            for (int i = 0; i < batch.records().size(); i++) {
                MerkleTree.Proof proof = batch.proofs().get(i);
                out.bytes(batch.records().get(i)).i32(proof.index()).i32(proof.leafCount())
                        .u8(proof.siblings().size());
                for (byte[] sibling : proof.siblings()) {
                    out.raw(sibling);
                }
            }
        }
    }

    static OpenedWindow read(CanonicalReader in, int maxStateBytes, int maxTickets) {
        byte[] state = in.bytes("window start state", maxStateBytes);
        int steps = in.count("window steps", MAX_STEPS, MIN_STEP_BYTES);
        if (steps == 0) {
            throw new EncodingException("window steps: a window opens at least one step");
        }
        List<MinedStep> leaves = new ArrayList<>(steps);
        List<List<Bytes32>> paths = new ArrayList<>(steps);
        List<OpenedBatch> batches = new ArrayList<>(steps);
        for (int s = 0; s < steps; s++) {
            leaves.add(MinedStep.read(in, maxTickets));
            int siblings = in.u8("leaf " + s + " path count");
            if (siblings > MAX_SIBLINGS) {
                throw new EncodingException("leaf " + s + " path: " + siblings + " siblings, at most "
                        + MAX_SIBLINGS);
            }
            List<Bytes32> path = new ArrayList<>(siblings);
            for (int i = 0; i < siblings; i++) {
                path.add(in.bytes32("leaf " + s + " path"));
            }
            paths.add(path);
            batches.add(readBatch(in, s));
        }
        return new OpenedWindow(state, leaves, paths, batches);
    }

    private static OpenedBatch readBatch(CanonicalReader in, int step) {
        int count = in.count("step " + step + " records", MAX_RECORDS, MIN_RECORD_BYTES);
        List<byte[]> records = new ArrayList<>(count);
        List<MerkleTree.Proof> proofs = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            String field = "step " + step + " record " + i;
            records.add(in.bytes(field, MAX_RECORD_BYTES));
            int index = in.i32InRange(field + " index", 0, Integer.MAX_VALUE);
            int leafCount = in.i32InRange(field + " leaf count", 1, Integer.MAX_VALUE);
            int siblings = in.u8(field + " sibling count");
            if (siblings > MAX_SIBLINGS) {
                throw new EncodingException(field + ": " + siblings + " siblings, at most " + MAX_SIBLINGS);
            }
            List<byte[]> path = new ArrayList<>(siblings);
            for (int k = 0; k < siblings; k++) {
                path.add(in.raw(Bytes32.LENGTH, field + " sibling"));
            }
            proofs.add(new MerkleTree.Proof(index, leafCount, path));
        }
        return new OpenedBatch(records, proofs);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof OpenedWindow that && Arrays.equals(bytes(), that.bytes());
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes());
    }

    private byte[] bytes() {
        CanonicalWriter out = new CanonicalWriter(startState.length + 256);
        writeTo(out);
        return out.toByteArray();
    }

    @Override
    public String toString() {
        return "window of " + leaves.size() + " steps from step " + leaves.getFirst().step();
    }
}
