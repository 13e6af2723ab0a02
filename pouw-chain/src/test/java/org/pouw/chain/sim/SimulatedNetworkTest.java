package org.pouw.chain.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.pouw.chain.net.PeerId;
import org.pouw.chain.net.PeerMessages;

class SimulatedNetworkTest {
    private static final PeerId A = new PeerId("a");
    private static final PeerId B = new PeerId("b");
    private static final PeerId C = new PeerId("c");

    /** Who received what, when. */
    private static List<String> run(long seed, double loss) {
        Simulation simulation = new Simulation(0);
        SimulatedNetwork<String> network = new SimulatedNetwork<>(simulation, seed, 10, 200, loss);
        List<String> log = new ArrayList<>();
        PeerMessages<String> a = network.join(A, (from, m) -> log.add(simulation.nowMs() + " a<-" + from + ":" + m));
        network.join(B, (from, m) -> log.add(simulation.nowMs() + " b<-" + from + ":" + m));
        network.join(C, (from, m) -> log.add(simulation.nowMs() + " c<-" + from + ":" + m));
        for (int i = 0; i < 50; i++) {
            a.broadcast("m" + i);
        }
        simulation.runUntil(10_000);
        return log;
    }

    @Test
    void theSameSeedReplaysTheSameDeliveriesAtTheSameInstants() {
        assertThat(run(7, 0.1)).isEqualTo(run(7, 0.1)).isNotEqualTo(run(8, 0.1));
    }

    @Test
    void deliveriesComeWithinTheDelayBoundsAndLossesAtAboutTheirRate() {
        Simulation simulation = new Simulation(1_000);
        SimulatedNetwork<Integer> network = new SimulatedNetwork<>(simulation, 1, 10, 200, 0.2);
        List<Long> delays = new ArrayList<>();
        PeerMessages<Integer> a = network.join(A, (from, m) -> { });
        network.join(B, (from, sentAt) -> delays.add(simulation.nowMs() - sentAt));
        for (int i = 0; i < 5_000; i++) {
            a.send(B, (int) simulation.nowMs());
        }
        simulation.runUntil(100_000);
        assertThat(delays).allSatisfy(delay -> assertThat(delay).isBetween(10L, 200L));
        // 5,000 draws at p = 0.2: the standard deviation is about 28, so 5 sigma is about 140
        assertThat(network.lost()).isBetween(860L, 1_140L);
        assertThat(network.delivered() + network.lost()).isEqualTo(5_000);
    }

    @Test
    void aPartitionDropsMessagesBetweenItsSidesUntilItHeals() {
        Simulation simulation = new Simulation(0);
        SimulatedNetwork<String> network = new SimulatedNetwork<>(simulation, 3, 5, 5, 0);
        List<String> atC = new ArrayList<>();
        List<String> atB = new ArrayList<>();
        PeerMessages<String> a = network.join(A, (from, m) -> { });
        network.join(B, (from, m) -> atB.add(m));
        network.join(C, (from, m) -> atC.add(m));
        network.partition(Set.of(A, B), Set.of(C));
        a.broadcast("during");
        simulation.runUntil(100);
        assertThat(atB).containsExactly("during");
        assertThat(atC).isEmpty();
        assertThat(network.cut()).isEqualTo(1);
        network.heal();
        a.broadcast("after");
        simulation.runUntil(200);
        assertThat(atC).containsExactly("after");
    }

    /** A message in flight when the partition starts does not arrive: the cable is cut under it. */
    @Test
    void aPartitionCutsMessagesInFlight() {
        Simulation simulation = new Simulation(0);
        SimulatedNetwork<String> network = new SimulatedNetwork<>(simulation, 3, 50, 50, 0);
        List<String> atB = new ArrayList<>();
        PeerMessages<String> a = network.join(A, (from, m) -> { });
        network.join(B, (from, m) -> atB.add(m));
        a.send(B, "in flight");
        simulation.runUntil(10);
        network.partition(Set.of(A), Set.of(B));
        simulation.runUntil(100);
        assertThat(atB).isEmpty();
    }

    @Test
    void simulationTimeMovesOnlyWithTheQueue() {
        Simulation simulation = new Simulation(0);
        List<Long> seen = new ArrayList<>();
        simulation.at(30, () -> seen.add(simulation.nowMs()));
        simulation.at(10, () -> simulation.after(5, () -> seen.add(simulation.nowMs())));
        simulation.at(10, () -> seen.add(simulation.nowMs()));
        simulation.runUntil(20);
        assertThat(seen).containsExactly(10L, 15L);
        assertThat(simulation.nowMs()).isEqualTo(20);
        assertThat(simulation.runWhile(() -> true, 10)).isEqualTo(1);
        assertThat(seen).containsExactly(10L, 15L, 30L);
        assertThatThrownBy(() -> simulation.after(-1, () -> { })).hasMessageContaining("delay");
    }

    @Test
    void refusesBadSettingsAndUnknownPeers() {
        Simulation simulation = new Simulation(0);
        assertThatThrownBy(() -> new SimulatedNetwork<String>(simulation, 1, 10, 5, 0)).hasMessageContaining("delays");
        assertThatThrownBy(() -> new SimulatedNetwork<String>(simulation, 1, 0, 5, 1.0)).hasMessageContaining("loss");
        SimulatedNetwork<String> network = new SimulatedNetwork<>(simulation, 1, 0, 5, 0);
        PeerMessages<String> a = network.join(A, (from, m) -> { });
        assertThatThrownBy(() -> a.send(B, "x")).hasMessageContaining("no peer");
        assertThatThrownBy(() -> network.join(A, (from, m) -> { })).hasMessageContaining("joined already");
    }
}
