package org.pouw.bench.net;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.pouw.client.EventFollower;

/**
 * When each node took each block, as the node itself says: every node's event stream ({@code GET /v1/pouw/events},
 * real HTTP) is followed on a thread of its own, and each {@code chain.block} event's {@code at_ms} — the node's
 * clock when it had stored the block, right after validating it — is kept by block hash. The nodes run on one machine, so
 * their clocks are one clock, and the difference between two nodes' times for a block is the propagation between
 * them, without the event stream's own delivery delay.
 */
final class BlockArrivals implements AutoCloseable {
    private final List<Map<String, Long>> byNode = new ArrayList<>();
    private final List<EventFollower> followers = new ArrayList<>();

    /** Follows every node's events from the event it has now. */
    BlockArrivals(List<LaunchedNode> nodes) {
        for (LaunchedNode node : nodes) {
            Map<String, Long> arrivals = new ConcurrentHashMap<>();
            byNode.add(arrivals);
            EventFollower follower = node.admin().events().follower(node.admin().system().status().lastEventSeq());
            followers.add(follower);
            Thread.ofPlatform().daemon().name("events-" + node.name).start(() -> follower.follow(event -> {
                if (event.type().equals("chain.block")) {
                    arrivals.putIfAbsent(event.data().path("hash").asString(""), event.atMs());
                }
            }));
        }
    }

    /** Node {@code index}'s time for block {@code hash} (its clock, ms), or null while it has not taken it. */
    Long at(int index, String hash) {
        return byNode.get(index).get(hash);
    }

    boolean everyNodeHas(String hash) {
        return byNode.stream().allMatch(arrivals -> arrivals.containsKey(hash));
    }

    @Override
    public void close() {
        followers.forEach(EventFollower::close);
    }
}
