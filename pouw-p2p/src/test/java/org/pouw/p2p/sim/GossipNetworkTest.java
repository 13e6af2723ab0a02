package org.pouw.p2p.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The gossip rules on a small simulated network over the wire messages (the 200-node size is
 * {@code GossipScaleIT} and {@code PropagationBenchmark}).
 */
class GossipNetworkTest {
    private static final int NODES = 40;
    private static final int BLOCK_BYTES = 200_000;

    @Test
    void aBlockReachesEveryNodeAndEachNodeDownloadsItsBodyOnce() {
        GossipNetwork network = new GossipNetwork(GossipSettings.wideArea(NODES, 7));
        byte[] block = network.publishBlock(0, BLOCK_BYTES, null);
        network.runUntilQuiet();

        Reach reach = network.reach(GossipNetwork.BLOCK, block);
        assertThat(reach.coverage()).isEqualTo(1.0);
        assertThat(reach.timeTo(0.9)).isPositive().isLessThanOrEqualTo(reach.timeTo(1.0));
        // one request per object: every node but the origin took exactly one body, never a second copy
        long[] bodies = network.bodiesReceived();
        assertThat(bodies[0]).isZero();
        assertThat(Arrays.stream(bodies).skip(1)).allMatch(count -> count == 1);
        // the whole network uploaded the body (NODES - 1) times, plus small announcements and requests
        long sent = Arrays.stream(network.bytesSent()).sum();
        assertThat(sent).isBetween((long) (NODES - 1) * BLOCK_BYTES, (long) (NODES - 1) * BLOCK_BYTES + 200_000L);
    }

    @Test
    void theSameSeedGivesTheSameRunAndAnotherSeedAnotherTopology() {
        long[] first = run(11);
        long[] again = run(11);
        assertThat(again).containsExactly(first);
        GossipNetwork a = new GossipNetwork(GossipSettings.wideArea(NODES, 11));
        GossipNetwork b = new GossipNetwork(GossipSettings.wideArea(NODES, 12));
        assertThat(a.links(0)).isNotEqualTo(b.links(0));
    }

    private static long[] run(long seed) {
        GossipNetwork network = new GossipNetwork(GossipSettings.wideArea(NODES, seed));
        byte[] block = network.publishBlock(3, BLOCK_BYTES, null);
        network.runUntilQuiet();
        return network.reach(GossipNetwork.BLOCK, block).delays().stream().mapToLong(Long::longValue).toArray();
    }

    @Test
    void transactionsNeverCrossBlockRelayOnlyLinksYetReachEveryone() {
        GossipNetwork network = new GossipNetwork(GossipSettings.wideArea(NODES, 5));
        byte[] block = network.publishBlock(2, BLOCK_BYTES, null);
        byte[] tx = network.publishTransaction(1, 300);
        network.runUntilQuiet();

        assertThat(network.reach(GossipNetwork.TX, tx).coverage()).isEqualTo(1.0);
        assertThat(network.reach(GossipNetwork.BLOCK, block).coverage()).isEqualTo(1.0);
        assertThat(network.announcedOnBlockRelayLinks(GossipNetwork.TX)).isZero();
        assertThat(network.announcedOnBlockRelayLinks(GossipNetwork.BLOCK)).isPositive();
    }

    @Test
    void aPartitionKeepsBlocksOnTheirSideAndAfterTheHealEveryNodeGetsTheWholeBranch() {
        GossipNetwork network = new GossipNetwork(GossipSettings.wideArea(NODES, 3));
        byte[] root = network.publishBlock(0, BLOCK_BYTES, null);
        network.runUntilQuiet();
        Set<Integer> small = new HashSet<>(IntStream.range(0, NODES * 2 / 5).boxed().toList());
        Set<Integer> large = new HashSet<>(IntStream.range(NODES * 2 / 5, NODES).boxed().toList());
        network.partition(small, large);

        byte[] parent = root;
        byte[][] branch = new byte[3][];
        for (int i = 0; i < branch.length; i++) {
            branch[i] = network.publishBlock(NODES - 1, BLOCK_BYTES, parent);
            parent = branch[i];
            network.runFor(2_000);
        }
        network.runUntilQuiet();
        for (byte[] block : branch) {
            Reach reach = network.reach(GossipNetwork.BLOCK, block);
            assertThat(reach.reached()).as("the large side has it, the small side not").isEqualTo(large);
        }

        network.heal();
        network.runUntilQuiet();
        for (byte[] block : branch) {
            assertThat(network.reach(GossipNetwork.BLOCK, block).coverage()).isEqualTo(1.0);
        }
    }

    @Test
    void badSettingsAreRefusedNamingTheField() {
        assertThatThrownBy(() -> new GossipSettings(5, 8, 2, 20, 200, 1, 1, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("outbound");
        assertThatThrownBy(() -> new GossipSettings(50, 8, 2, 200, 20, 1, 1, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("latencies");
        assertThatThrownBy(() -> new GossipNetwork(GossipSettings.wideArea(20, 1)).publishBlock(0, 0, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least 1 byte");
    }
}
