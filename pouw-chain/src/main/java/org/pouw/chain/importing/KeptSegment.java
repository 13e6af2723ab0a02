package org.pouw.chain.importing;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.pouw.chain.audit.AuditWindow;
import org.pouw.chain.audit.SegmentChallenge;
import org.pouw.chain.genesis.ChainGenesis;
import org.pouw.chain.mining.ChainTrainer;
import org.pouw.chain.mining.MinedStep;
import org.pouw.chain.mining.OpenedBatch;
import org.pouw.chain.mining.RecordTraits;
import org.pouw.chain.mining.TipKeyedBatch;
import org.pouw.chain.state.PendingAudit;
import org.pouw.chain.tx.AuditOpen;
import org.pouw.chain.tx.OpenedWindow;
import org.pouw.chain.tx.PayForTask;
import org.pouw.chain.tx.TxBody;
import org.pouw.chain.tx.TxKind;
import org.pouw.crypto.MerkleTree;
import org.pouw.ml.tensor.ThreadTeam;
import org.pouw.ml.train.TrainingState;
import org.pouw.ml.wire.Bytes32;
import org.pouw.ml.wire.CanonicalReader;
import org.pouw.ml.wire.CanonicalWriter;
import org.pouw.ml.wire.EncodingException;

/**
 * A segment of one of this miner's blocks, as an opening of its audit needs it (docs/chain.md §5.2), and as it is
 * kept across a restart (§11 "Crash recovery"): the block's height, the segment root, the task, the
 * segment's start state and every leaf. Those suffice: the state before each step is the start state trained again,
 * step after step, on the batches the leaves' tips draw — bit for bit the same (training is deterministic), and each
 * leaf trained again must equal the kept one, so a record whose start state or leaves were changed yields no opening.
 * A segment mined in this process also holds the states it trained through, and opens without training again.
 *
 * <p>Record ({@code segment-<height>-<root hex>}): {@code "pouw-miner-segment-v1" ‖ height i64 ‖ segment root[32] ‖ pay_for_task (u32 length ‖ body) ‖ start state (u32 length ‖ bytes) ‖ leaves u32 ‖ leaf* ‖
 * BLAKE3 of all before[32]}, the leaf being the header's {@code MinedStep} encoding.
 */
final class KeptSegment {
    static final String PREFIX = "segment-";
    private static final byte[] TAG = "pouw-miner-segment-v1".getBytes(StandardCharsets.US_ASCII);
    /** Far above any task's state (docs/chain.md §5.5: up to 16 MiB) and any segment, below what a reader chokes on. */
    static final int MAX_STATE_BYTES = 64 << 20;
    private static final int MAX_LEAVES = 1 << 24;
    private static final int LEAF_BYTES = 8 + 4 * Bytes32.LENGTH + 4;

    private final long height;
    private final Bytes32 root;
    private final PayForTask task;
    private final byte[] startState;
    private final List<MinedStep> leaves;
    /** The encoded state before each step, when this process trained them; null when restored (trained again). */
    private final List<byte[]> statesBefore;
    /** Where the record lives, for an error that must name it. */
    private final String where;

    private KeptSegment(long height, Bytes32 root, PayForTask task, byte[] startState,
                        List<MinedStep> leaves, List<byte[]> statesBefore, String where) {
        this.height = height;
        this.root = root;
        this.task = task;
        this.startState = startState;
        this.leaves = List.copyOf(leaves);
        this.statesBefore = statesBefore;
        this.where = where;
    }

    /** The segment of a block this miner has just mined, with the states it trained through. */
    static KeptSegment mined(long height, Bytes32 root, PayForTask task, List<MinedStep> leaves,
                             List<byte[]> statesBefore) {
        return new KeptSegment(height, root, task, statesBefore.getFirst(), leaves,
                List.copyOf(statesBefore), "segment of block " + height);
    }

    static String name(long height, Bytes32 root) {
        return PREFIX + height + "-" + root.hex();
    }

    String name() {
        return name(height, root);
    }

    long height() {
        return height;
    }

    Bytes32 root() {
        return root;
    }

    PayForTask task() {
        return task;
    }

    byte[] encode() {
        CanonicalWriter body = new CanonicalWriter();
        task.writeTo(body);
        CanonicalWriter out = new CanonicalWriter(startState.length + leaves.size() * LEAF_BYTES + 1_024).raw(TAG)
                .i64(height).bytes32(root).bytes(body.toByteArray()).bytes(startState)
                .i32(leaves.size());
        leaves.forEach(leaf -> leaf.writeTo(out));
        return RecordSeal.seal(out.toByteArray());
    }

    /**
     * The record {@code name} read back from {@code sealed}: its checksum, its form, the name it is kept under, its
     * leaves against its segment root, and its start state against the first leaf are checked; any failure is an
     * {@link EncodingException} saying which.
     */
    static KeptSegment decode(String name, byte[] sealed, String where, ThreadTeam team) {
        CanonicalReader in = new CanonicalReader(RecordSeal.open(sealed));
        in.expectTag(TAG, "kept segment");
        long height = in.i64InRange("height", 1, Long.MAX_VALUE);
        Bytes32 root = in.bytes32("segment root");
        CanonicalReader body = new CanonicalReader(in.bytes("pay_for_task", 4_096));
        PayForTask task = (PayForTask) TxBody.read(TxKind.PAY_FOR_TASK, body);
        body.requireEnd("pay_for_task");
        byte[] start = in.bytes("start state", MAX_STATE_BYTES);
        int count = in.count("leaves", MAX_LEAVES, LEAF_BYTES);
        if (count == 0) {
            throw new EncodingException("a segment has at least its winner, this record has no leaf");
        }
        List<MinedStep> leaves = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            leaves.add(MinedStep.read(in, Integer.MAX_VALUE));
        }
        in.requireEnd("kept segment");
        if (!name(height, root).equals(name)) {
            throw new EncodingException("it holds the segment " + name(height, root) + ", not the one its name says");
        }
        Bytes32 leavesRoot = Bytes32.of(treeOf(leaves).root());
        if (!leavesRoot.equals(root)) {
            throw new EncodingException("its leaves hash to " + leavesRoot.hex() + ", not its segment root");
        }
        Bytes32 startHash = TrainingState.decode(task.task(), start).hash(team);
        if (!startHash.equals(leaves.getFirst().stateBefore())) {
            throw new EncodingException("its start state hashes to " + startHash.hex() + ", its first leaf starts at "
                    + leaves.getFirst().stateBefore().hex());
        }
        return new KeptSegment(height, root, task, start, leaves, null, where);
    }

    /**
     * The opening of {@code audit} (whose segment root is this one's): the windows its challenge seed draws, each with
     * its start state, leaves, Merkle paths and proven batch records.
     *
     * @throws IllegalStateException when a restored segment trained again does not give its kept leaves
     */
    AuditOpen open(Bytes32 miner, PendingAudit audit, ChainGenesis genesis, RecordTraits records, ThreadTeam team) {
        List<AuditWindow> drawn = SegmentChallenge.windows(audit.seed(), audit.length(), genesis.audit());
        int through = drawn.stream().mapToInt(AuditWindow::end).max().orElse(0);
        List<byte[]> before = statesBefore != null ? statesBefore : trainAgain(through, miner, genesis, records, team);
        MerkleTree tree = treeOf(leaves);
        List<OpenedWindow> windows = new ArrayList<>();
        for (AuditWindow window : drawn) {
            List<MinedStep> opened = new ArrayList<>();
            List<List<Bytes32>> paths = new ArrayList<>();
            List<OpenedBatch> batches = new ArrayList<>();
            for (int position = window.start(); position < window.end(); position++) {
                MinedStep leaf = leaves.get(position);
                opened.add(leaf);
                List<Bytes32> path = new ArrayList<>();
                tree.prove(position).siblings().forEach(sibling -> path.add(Bytes32.of(sibling)));
                paths.add(path);
                batches.add(OpenedBatch.open(records.data(), TipKeyedBatch.draw(task.task().seed(), miner,
                        leaf.tip(), leaf.step(), Math.toIntExact(task.datasetSize()),
                        task.task().hyperparameters().batchSize())));
            }
            windows.add(new OpenedWindow(before.get(window.start()), opened, paths, batches));
        }
        return new AuditOpen(audit.height(), audit.seed(), windows);
    }

    /**
     * The states before the first {@code through} steps, trained again from the kept start state on each leaf's tip;
     * every leaf trained again must be the kept one, else nothing is opened from this record.
     */
    private List<byte[]> trainAgain(int through, Bytes32 miner, ChainGenesis genesis, RecordTraits records,
                                    ThreadTeam team) {
        ChainTrainer trainer = new ChainTrainer(task.task(), records, TrainingState.decode(task.task(), startState),
                miner, genesis.tickets(), genesis.liveness(), team);
        for (int i = 0; i < through; i++) {
            MinedStep again = trainer.step(leaves.get(i).tip()).mined();
            if (!again.equals(leaves.get(i))) {
                throw new IllegalStateException(where + ": step " + i + " of the segment of block " + height
                        + " trained again gives leaf " + again.leafHash().hex() + ", the record holds "
                        + leaves.get(i).leafHash().hex() + "; no opening is built from it");
            }
        }
        return trainer.statesBefore();
    }

    private static MerkleTree treeOf(List<MinedStep> leaves) {
        return MerkleTree.ofLeafHashes(leaves.stream().map(leaf -> leaf.leafHash().toArray()).toArray(byte[][]::new));
    }
}
