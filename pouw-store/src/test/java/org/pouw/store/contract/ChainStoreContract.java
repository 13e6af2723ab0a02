package org.pouw.store.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.pouw.chain.port.ChainStore;
import org.pouw.chain.port.StoredBlock;
import org.pouw.crypto.Blake3;
import org.pouw.ml.wire.Bytes32;
import org.pouw.store.ChainStores;

/** The ChainStore port's contract, run against every adapter (SQLite here, PostgreSQL in an IT). */
public abstract class ChainStoreContract extends StorageTestBase {
    private ChainStore chain;

    @BeforeEach
    void openChain() {
        chain = ChainStores.on(storage);
    }

    private static Bytes32 hash(String label) {
        return Bytes32.of(Blake3.hash(label.getBytes(StandardCharsets.UTF_8)));
    }

    private static StoredBlock block(String label, String parent, long height) {
        return new StoredBlock(hash(label), hash(parent), height, ("body of " + label).getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aNewStoreHasNoBlocksAndNoTip() {
        assertThat(chain.blocksInHeightOrder()).isEmpty();
        assertThat(chain.blockCount()).isZero();
        assertThat(chain.tip()).isEmpty();
        assertThat(chain.block(hash("x"))).isEmpty();
    }

    @Test
    void blocksComeBackParentsFirstAndTheTipWithTheBlockThatMovedIt() {
        StoredBlock one = block("one", "genesis", 1);
        StoredBlock twoA = block("two-a", "one", 2);
        StoredBlock twoB = block("two-b", "one", 2);
        chain.importBlock(twoA, Optional.empty());       // stored before its parent: order comes from heights
        chain.importBlock(one, Optional.of(one.hash()));
        chain.importBlock(twoB, Optional.of(twoB.hash()));
        assertThat(chain.tip()).contains(twoB.hash());
        List<StoredBlock> all = chain.blocksInHeightOrder();
        assertThat(all).hasSize(3);
        assertThat(chain.blockCount()).isEqualTo(3);
        assertThat(all.get(0)).isEqualTo(one);
        assertThat(all.subList(1, 3)).containsExactlyInAnyOrder(twoA, twoB);
        // equal heights in the order of their hashes as unsigned bytes, on every database
        assertThat(Arrays.compareUnsigned(all.get(1).hash().toArray(), all.get(2).hash().toArray()))
                .isNegative();
        assertThat(chain.block(twoA.hash())).contains(twoA);
    }

    @Test
    void storingABlockAgainKeepsTheFirstCopy() {
        StoredBlock first = block("one", "genesis", 1);
        chain.importBlock(first, Optional.empty());
        chain.importBlock(new StoredBlock(first.hash(), first.parent(), 1, new byte[] {9}), Optional.empty());
        assertThat(chain.block(first.hash()).orElseThrow().encoded()).isEqualTo(first.encoded());
        assertThat(chain.blocksInHeightOrder()).hasSize(1);
        assertThat(chain.blockCount()).isEqualTo(1);
    }

    /** Pruning rewrites a block's bytes under the same hash, parent and height; an unknown hash changes nothing. */
    @Test
    void aStoredBlocksBytesCanBeReplacedByAPrunedCopy() {
        StoredBlock one = block("one", "genesis", 1);
        chain.importBlock(one, Optional.of(one.hash()));
        byte[] shorter = "pruned".getBytes(StandardCharsets.UTF_8);
        chain.replaceEncoding(one.hash(), shorter);
        chain.replaceEncoding(hash("unknown"), shorter);
        assertThat(chain.block(one.hash()).orElseThrow()).isEqualTo(new StoredBlock(one.hash(), one.parent(), 1,
                shorter));
        assertThat(chain.blockCount()).isEqualTo(1);
        assertThat(chain.tip()).contains(one.hash());
    }

    @Test
    void theOperatorCanSetTheTipAlone() {
        chain.importBlock(block("one", "genesis", 1), Optional.of(hash("one")));
        chain.setTip(hash("held"));
        assertThat(chain.tip()).contains(hash("held"));
    }

    /** A second storage on the same database (a restarted node) reads what the first wrote. */
    @Test
    void whatWasImportedSurvivesAReopen() {
        StoredBlock one = block("one", "genesis", 1);
        chain.importBlock(one, Optional.of(one.hash()));
        storage.close();
        storage = database.open();
        ChainStore reopened = ChainStores.on(storage);
        assertThat(reopened.blocksInHeightOrder()).containsExactly(one);
        assertThat(reopened.blockCount()).isEqualTo(1);
        assertThat(reopened.tip()).contains(one.hash());
    }
}
