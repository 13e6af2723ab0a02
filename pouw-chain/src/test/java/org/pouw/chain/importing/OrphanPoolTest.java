package org.pouw.chain.importing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.pouw.chain.block.Block;
import org.pouw.crypto.Blake3;
import org.pouw.ml.wire.Bytes32;

/** The import's two memories stay bounded whatever a peer sends: orphans by count and bytes, invalid hashes by count. */
class OrphanPoolTest {
    private static final Block BLOCK = new ChainFixtures.Miner(ChainFixtures.ALICE, ChainFixtures.genesis(100))
            .mine(ChainFixtures.node(ChainFixtures.genesis(100), new MemoryChainStore()),
                    ChainFixtures.node(ChainFixtures.genesis(100), new MemoryChainStore()).tip(), List.of());

    private static Bytes32 hash(int i) {
        return Bytes32.of(Blake3.hash(("orphan " + i).getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void theOldestOrphansAreEvictedBeyondTheCount() {
        OrphanPool pool = new OrphanPool(4, Long.MAX_VALUE);
        for (int i = 0; i < 10; i++) {
            pool.add(new OrphanPool.Orphan(hash(i), BLOCK, new byte[10]));
        }
        assertThat(pool.size()).isEqualTo(4);
        assertThat(pool.contains(hash(5))).isFalse();
        assertThat(pool.contains(hash(6))).isTrue();
        assertThat(pool.takeChildrenOf(BLOCK.header().parent())).hasSize(4);
        assertThat(pool.size()).isZero();
    }

    @Test
    void theOldestOrphansAreEvictedBeyondTheBytes() {
        OrphanPool pool = new OrphanPool(100, 25);
        for (int i = 0; i < 5; i++) {
            pool.add(new OrphanPool.Orphan(hash(i), BLOCK, new byte[10]));
        }
        assertThat(pool.size()).isEqualTo(2);
        assertThat(pool.contains(hash(4))).isTrue();
    }

    @Test
    void theInvalidMemoryForgetsTheOldest() {
        InvalidBlocks invalid = new InvalidBlocks(3);
        for (int i = 0; i < 5; i++) {
            invalid.remember(hash(i), "reason " + i);
        }
        assertThat(invalid.size()).isEqualTo(3);
        assertThat(invalid.reason(hash(1))).isNull();
        assertThat(invalid.reason(hash(4))).isEqualTo("reason 4");
    }
}
