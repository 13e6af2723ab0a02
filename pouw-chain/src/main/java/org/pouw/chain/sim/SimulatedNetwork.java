package org.pouw.chain.sim;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.BiConsumer;
import org.pouw.chain.net.PeerId;
import org.pouw.chain.net.PeerMessages;

/**
 * The many-node harness's network (docs/chain.md §8): every message is delivered after a delay drawn from a seeded
 * generator, lost with a set probability, and dropped between the sides of a partition until it heals. Deliveries
 * are simulation events, so the same seed gives the same deliveries at the same instants.
 *
 * @param <M> the messages the nodes exchange
 */
public final class SimulatedNetwork<M> {
    private final Simulation simulation;
    private final SplittableRandom random;
    private final long minDelayMs;
    private final long maxDelayMs;
    private final double lossProbability;
    private final Map<PeerId, BiConsumer<PeerId, M>> handlers = new LinkedHashMap<>();
    private final Map<PeerId, Integer> sides = new HashMap<>();
    private long delivered;
    private long lost;
    private long cut;

    public SimulatedNetwork(Simulation simulation, long seed, long minDelayMs, long maxDelayMs,
                            double lossProbability) {
        if (minDelayMs < 0 || maxDelayMs < minDelayMs) {
            throw new IllegalArgumentException("delays must satisfy 0 <= min <= max, got " + minDelayMs + ", "
                    + maxDelayMs);
        }
        if (!(lossProbability >= 0 && lossProbability < 1)) {
            throw new IllegalArgumentException("loss probability must be in [0, 1), got " + lossProbability);
        }
        this.simulation = simulation;
        this.random = new SplittableRandom(seed);
        this.minDelayMs = minDelayMs;
        this.maxDelayMs = maxDelayMs;
        this.lossProbability = lossProbability;
    }

    /** Connects a peer; {@code handler} receives (sender, message) for each delivery. Returns its sending side. */
    public PeerMessages<M> join(PeerId peer, BiConsumer<PeerId, M> handler) {
        if (handlers.putIfAbsent(peer, handler) != null) {
            throw new IllegalArgumentException("peer " + peer + " has joined already");
        }
        return new PeerMessages<>() {
            @Override
            public PeerId self() {
                return peer;
            }

            @Override
            public void send(PeerId to, M message) {
                SimulatedNetwork.this.send(peer, to, message);
            }

            @Override
            public void broadcast(M message) {
                for (PeerId to : List.copyOf(handlers.keySet())) {
                    if (!to.equals(peer)) {
                        SimulatedNetwork.this.send(peer, to, message);
                    }
                }
            }
        };
    }

    /** Splits the peers into the given sides; messages between sides are dropped until {@link #heal()}. */
    @SafeVarargs
    public final void partition(Set<PeerId>... groups) {
        sides.clear();
        for (int side = 0; side < groups.length; side++) {
            for (PeerId peer : groups[side]) {
                sides.put(peer, side);
            }
        }
    }

    public void heal() {
        sides.clear();
    }

    public List<PeerId> peers() {
        return new ArrayList<>(handlers.keySet());
    }

    public long delivered() {
        return delivered;
    }

    public long lost() {
        return lost;
    }

    /** Messages dropped because a partition stood between sender and receiver. */
    public long cut() {
        return cut;
    }

    private void send(PeerId from, PeerId to, M message) {
        BiConsumer<PeerId, M> handler = handlers.get(to);
        if (handler == null) {
            throw new IllegalArgumentException("no peer " + to);
        }
        // Both draws happen for every message, so whether one is lost never shifts the delays of the others.
        double roll = random.nextDouble();
        long delay = minDelayMs + random.nextLong(maxDelayMs - minDelayMs + 1);
        if (roll < lossProbability) {
            lost++;
            return;
        }
        simulation.after(delay, () -> {
            // The partition is judged on arrival: a message in flight when the cable is cut does not arrive.
            if (!sides.getOrDefault(from, 0).equals(sides.getOrDefault(to, 0))) {
                cut++;
                return;
            }
            delivered++;
            handler.accept(from, message);
        });
    }
}
