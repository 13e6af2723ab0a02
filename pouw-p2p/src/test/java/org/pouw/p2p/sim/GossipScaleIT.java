package org.pouw.p2p.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Issue 20 beyond this machine: 200 simulated nodes in the node's link shape (8 full-relay + 2 block-relay outbound
 * each, 20–200 ms one way, 20 Mbit/s up, 100 ms to validate) over the wire messages. Blocks of the demo chain's size
 * reach every node, 90 % of them within a few hops' time, each node downloading each body once; transactions reach
 * every node; a 2 + 3 partition keeps each side's blocks on its side and the heal brings every node the other side's
 * branch. Simulated time, so the bounds are the model's, not this machine's speed.
 */
class GossipScaleIT {
    private static final int NODES = 200;
    private static final int BLOCK_BYTES = 18_000;
    private static final int BLOCKS = 40;

    @Test
    void blocksAndTransactionsReachAllTwoHundredNodesQuicklyAndEachBodyCrossesToEachNodeOnce() {
        GossipNetwork network = new GossipNetwork(GossipSettings.wideArea(NODES, 20));
        SplittableRandom origins = new SplittableRandom(20);
        List<Long> toNinety = new ArrayList<>();
        byte[] parent = null;
        for (int i = 0; i < BLOCKS; i++) {
            byte[] block = network.publishBlock(origins.nextInt(NODES), BLOCK_BYTES, parent);
            network.runFor(10_000);     // a block spacing of the demo chain
            Reach reach = network.reach(GossipNetwork.BLOCK, block);
            assertThat(reach.coverage()).isEqualTo(1.0);
            toNinety.add(reach.timeTo(0.9));
            parent = block;
        }
        Collections.sort(toNinety);
        long p50 = toNinety.get(toNinety.size() / 2);
        long p99 = toNinety.get(toNinety.size() - 1);
        // a hop costs at most inv + request + body (3 × 200 ms) + 100 ms validation: 90 % lie within 5 hops
        assertThat(p50).isLessThan(3_500);
        assertThat(p99).isLessThan(5 * 700);
        assertThat(Arrays.stream(network.bodiesReceived())).allMatch(count -> count <= BLOCKS);
        long uploaded = Arrays.stream(network.bytesSent()).sum();
        double perNodePerBlock = (double) uploaded / NODES / BLOCKS;
        assertThat(perNodePerBlock).as("a body and a few dozen small frames per node per block")
                .isBetween((double) BLOCK_BYTES * (NODES - 1) / NODES, BLOCK_BYTES + 3_000.0);

        List<byte[]> txs = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            txs.add(network.publishTransaction(origins.nextInt(NODES), 250));
            network.runFor(5);
        }
        network.runUntilQuiet();
        for (byte[] tx : txs) {
            assertThat(network.reach(GossipNetwork.TX, tx).coverage()).isEqualTo(1.0);
        }
        assertThat(network.announcedOnBlockRelayLinks(GossipNetwork.TX)).isZero();
    }

    @Test
    void aTwoAndThreePartitionOfTwoHundredNodesHealsWithEveryNodeHoldingBothBranches() {
        GossipNetwork network = new GossipNetwork(GossipSettings.wideArea(NODES, 21));
        byte[] root = network.publishBlock(0, BLOCK_BYTES, null);
        network.runUntilQuiet();
        Set<Integer> small = new HashSet<>(IntStream.range(0, NODES * 2 / 5).boxed().toList());
        Set<Integer> large = new HashSet<>(IntStream.range(NODES * 2 / 5, NODES).boxed().toList());
        network.partition(small, large);

        List<byte[]> smallBranch = branch(network, root, 5, 3);
        List<byte[]> largeBranch = branch(network, root, NODES - 1, 6);
        network.runUntilQuiet();
        smallBranch.forEach(b -> assertThat(network.reach(GossipNetwork.BLOCK, b).reached()).isEqualTo(small));
        largeBranch.forEach(b -> assertThat(network.reach(GossipNetwork.BLOCK, b).reached()).isEqualTo(large));

        network.heal();
        network.runUntilQuiet();
        for (byte[] block : smallBranch) {
            assertThat(network.reach(GossipNetwork.BLOCK, block).coverage()).isEqualTo(1.0);
        }
        for (byte[] block : largeBranch) {
            assertThat(network.reach(GossipNetwork.BLOCK, block).coverage()).isEqualTo(1.0);
        }
    }

    private static List<byte[]> branch(GossipNetwork network, byte[] root, int origin, int length) {
        List<byte[]> blocks = new ArrayList<>();
        byte[] parent = root;
        for (int i = 0; i < length; i++) {
            parent = network.publishBlock(origin, BLOCK_BYTES, parent);
            blocks.add(parent);
            network.runFor(10_000);
        }
        return blocks;
    }
}
