package org.pouw.p2p.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.pouw.p2p.discovery.AddressGroup;

/**
 * The attack on inbound slots, built: an attacker keeps dialing a node whose inbound slots are full, from as many
 * networks as it likes, with the best latency it can get, and every time one of its connections is let in
 * someone is evicted. The honest peers that are protected (by group, latency, useful relay, age) are never the one.
 */
class InboundEvictionTest {
    private static final Instant T0 = Instant.parse("2026-12-06T00:00:00Z");
    private final InboundEviction eviction = new InboundEviction(new byte[32]);

    private static EvictionCandidate<String> peer(String id, String ip, Instant since, long rttMs, Instant block,
            Instant tx) {
        return new EvictionCandidate<>(id, AddressGroup.of(ip), since, rttMs < 0 ? null : Duration.ofMillis(rttMs),
                block, tx);
    }

    @Test
    void anAttackerFillingInboundSlotsNeverEvictsTheProtectedHonestPeers() {
        List<EvictionCandidate<String>> inbound = new ArrayList<>();
        List<String> protectedHonest = new ArrayList<>();
        // Honest peers, connected for hours: 8 with low latency, 4 that relay blocks, 4 that relay transactions,
        // and 20 ordinary ones in 20 networks.
        for (int i = 0; i < 8; i++) {
            inbound.add(peer("fast-" + i, "45." + i + ".0.1", T0.plusSeconds(i), 5 + i, Instant.EPOCH,
                    Instant.EPOCH));
            protectedHonest.add("fast-" + i);
        }
        for (int i = 0; i < 4; i++) {
            inbound.add(peer("miner-" + i, "46." + i + ".0.1", T0.plusSeconds(10 + i), 300, T0.plusSeconds(7_000 + i),
                    Instant.EPOCH));
            inbound.add(peer("relay-" + i, "47." + i + ".0.1", T0.plusSeconds(20 + i), 300, Instant.EPOCH,
                    T0.plusSeconds(7_100 + i)));
            protectedHonest.add("miner-" + i);
            protectedHonest.add("relay-" + i);
        }
        for (int i = 0; i < 20; i++) {
            inbound.add(peer("honest-" + i, "48." + i + ".0.1", T0.plusSeconds(100 + i), 200, Instant.EPOCH,
                    Instant.EPOCH));
        }
        int slots = inbound.size();

        // Two hours later the attacker arrives: 1,000 connections from 250 networks, each answering pings in 1 ms
        // (it sits next door) but relaying nothing new; every one let in evicts someone.
        Instant attackStart = T0.plus(Duration.ofHours(2));
        int evictedHonest = 0;
        for (int i = 0; i < 1_000; i++) {
            Optional<String> victim = eviction.victim(inbound);
            if (victim.isEmpty()) {
                continue;       // refused: every inbound peer is protected
            }
            assertThat(protectedHonest).as("attacker connection %d evicted a protected peer", i)
                    .doesNotContain(victim.get());
            if (!victim.get().startsWith("attacker")) {
                evictedHonest++;
            }
            inbound.removeIf(c -> c.id().equals(victim.get()));
            inbound.add(peer("attacker-" + i, "100." + (i % 250) + ".0." + (1 + i / 250),
                    attackStart.plusSeconds(i), 1, Instant.EPOCH, Instant.EPOCH));
        }

        List<String> left = inbound.stream().map(EvictionCandidate::id).toList();
        assertThat(left).containsAll(protectedHonest);
        assertThat(inbound).hasSize(slots);
        assertThat(evictedHonest).as("unprotected honest peers may go").isPositive();
        // The attacker's 1 ms pings beat the honest fast peers, yet it holds no more than the unprotected share.
        assertThat(left.stream().filter(id -> id.startsWith("attacker")).count()).isLessThan(slots - 16);
    }

    @Test
    void theLargestGroupLosesItsYoungestAndNoCandidateMeansNoEviction() {
        List<EvictionCandidate<String>> inbound = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            inbound.add(peer("p" + i, "45." + (i % 10) + ".0." + (i + 1), T0.plusSeconds(i), 100, Instant.EPOCH,
                    Instant.EPOCH));
        }
        for (int i = 0; i < 6; i++) {
            inbound.add(peer("crowd-" + i, "99.99.0." + (i + 1), T0.plusSeconds(1_000 + i), 100, Instant.EPOCH,
                    Instant.EPOCH));
        }
        assertThat(eviction.victim(inbound)).contains("crowd-5");

        List<EvictionCandidate<String>> few = inbound.subList(0, 12);
        assertThat(eviction.victim(few)).as("12 peers: all protected by group and latency").isEmpty();
    }
}
