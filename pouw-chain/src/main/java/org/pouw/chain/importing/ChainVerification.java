package org.pouw.chain.importing;

import java.util.Optional;
import org.pouw.chain.genesis.ChainGenesis;
import org.pouw.chain.port.ChainStore;
import org.pouw.chain.port.StoredBlock;
import org.pouw.core.Clock;
import org.pouw.ml.tensor.ThreadTeam;
import org.pouw.ml.wire.Bytes32;

/**
 * {@code pouw chain verify} (docs/chain.md §7): every stored block validated again from genesis — header, timestamp,
 * task, the winning step replayed from its opening, the body applied — in height order, and the first block that
 * fails named. Nothing is written. On a pruned store (docs/chain.md §5.5) the winner's replay is skipped for blocks
 * whose opening was pruned, at least maturity + R below the stored tip, and the report says how many; everything else
 * of them is checked. A pruned opening closer to the tip is a bad block.
 */
public final class ChainVerification {
    /** A stored block that does not validate: its height, its hash as stored, and why. */
    public record BadBlock(long height, Bytes32 hash, String reason) {
        @Override
        public String toString() {
            return "block " + height + " " + hash.hex() + ": " + reason;
        }
    }

    /**
     * What verification found: how many blocks validated, the first bad one if any, the stored tip with its height
     * (−1 when the store names a tip that is not among the valid blocks), how many valid blocks had their winner's
     * opening pruned (their replay skipped) and the highest block whose opening could be (−1: none).
     */
    public record Report(int blocksValid, Optional<BadBlock> firstBad, Optional<Bytes32> storedTip, long tipHeight,
                         int replaysSkipped, long prunableUpTo) {
        public boolean passed() {
            return firstBad.isEmpty() && (storedTip.isEmpty() || tipHeight >= 0);
        }
    }

    private ChainVerification() {
    }

    /**
     * Verifies {@code store} against {@code genesis}.
     *
     * @throws IllegalStateException when this JVM fails the golden training steps: it can not judge winning steps
     */
    public static Report run(ChainGenesis genesis, ChainStore store, Clock clock, ThreadTeam team) {
        BlockImporter replay = BlockImporter.replaying(genesis, store, clock, team);
        int valid = 0;
        for (StoredBlock stored : store.blocksInHeightOrder()) {
            ImportResult result = replay.importBytes(stored.encoded());
            Optional<String> defect = defect(stored, result);
            if (defect.isPresent()) {
                return new Report(valid, Optional.of(new BadBlock(stored.height(), stored.hash(), defect.get())),
                        store.tip(), -1, replay.replaysSkipped(), replay.prunedOpeningsUpTo());
            }
            valid++;
        }
        Optional<Bytes32> tip = store.tip();
        long height = tip.map(hash -> replay.node(hash).map(node -> node.height()).orElse(-1L)).orElse(0L);
        return new Report(valid, Optional.empty(), tip, height, replay.replaysSkipped(), replay.prunedOpeningsUpTo());
    }

    /** Why {@code stored} is not a valid block where it stands, given how its import went. */
    static Optional<String> defect(StoredBlock stored, ImportResult result) {
        if (result.isRefused()) {
            return Optional.of(result.refusal() + (result.cause() == null ? "" : " " + result.cause()) + ": "
                    + result.detail());
        }
        if (result.status() == ImportStatus.ORPHAN_HELD) {
            return Optional.of("its parent " + stored.parent().hex() + " is not a valid stored block");
        }
        if (!result.hash().equals(stored.hash())) {
            return Optional.of("its bytes hash to " + result.hash().hex() + ", not to the hash it is stored under");
        }
        return Optional.empty();
    }
}
