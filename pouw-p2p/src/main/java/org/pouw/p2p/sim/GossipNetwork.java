package org.pouw.p2p.sim;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.SplittableRandom;
import org.pouw.p2p.wire.BulkFrame;
import org.pouw.p2p.wire.Chunk;
import org.pouw.p2p.wire.FetchRequest;
import org.pouw.p2p.wire.Frame;
import org.pouw.p2p.wire.Inv;

/**
 * Many nodes gossiping blocks and transactions on a simulated network, with the transport's rules and its wire
 * messages (docs/p2p.md §1, §4): an object is announced by {@code inv} to each linked peer not known to have it (a
 * seen-set per link), a peer fetches it over the bulk stream from the first peer that announced it (one request at
 * a time per object, chunks of at most 1 MiB), validates it and only then announces it on; transactions are not
 * told to block-relay-only links; a block whose parent is missing asks the same peer for the parent. Every message is
 * a real {@code Frame} or {@code BulkFrame}, encoded to bytes at the sender and parsed at the receiver, so the
 * messages and bytes counted are the wire's (without TLS and HTTP/2 framing).
 *
 * <p>Time is simulated: a seeded event queue, a latency per link, and each node's uplink on which the bodies it
 * serves queue (announcements and requests go on their own stream and do not wait behind bodies, as in the
 * transport). The same settings give the same run on any machine.
 */
public final class GossipNetwork {
    /** Wire types, as the chain uses them: inv and bulk type 1 = block, 2 = transaction. */
    public static final int BLOCK = 1;
    public static final int TX = 2;
    private static final int CHUNK_BYTES = 1 << 20;

    private final GossipSettings settings;
    private final SplittableRandom random;
    private final List<Node> nodes = new ArrayList<>();
    private final PriorityQueue<Scheduled> queue = new PriorityQueue<>();
    private final Map<Key, Published> published = new LinkedHashMap<>();
    private final Map<Integer, Integer> sides = new HashMap<>();
    private long now;
    private long sequence;
    private long nextObject;
    private final Map<Integer, Long> announcedOnBlockRelayLinks = new HashMap<>();

    private record Scheduled(long at, long order, Runnable step) implements Comparable<Scheduled> {
        @Override
        public int compareTo(Scheduled other) {
            int byTime = Long.compare(at, other.at);
            return byTime != 0 ? byTime : Long.compare(order, other.order);
        }
    }

    /** An object id with its type, usable as a map key. */
    private record Key(int type, ByteBuffer id) {
        static Key of(int type, byte[] id) {
            return new Key(type, ByteBuffer.wrap(id.clone()));
        }

        byte[] bytes() {
            byte[] out = new byte[id.remaining()];
            id.duplicate().get(out);
            return out;
        }
    }

    private record Published(Key key, Key parent, int size, int origin, long at) {
    }

    private static final class Link {
        final Node a;
        final Node b;
        final long latencyMs;
        final boolean blockOnly;
        final Set<Key> seenByA = new HashSet<>();
        final Set<Key> seenByB = new HashSet<>();

        Link(Node a, Node b, long latencyMs, boolean blockOnly) {
            this.a = a;
            this.b = b;
            this.latencyMs = latencyMs;
            this.blockOnly = blockOnly;
        }

        Node other(Node self) {
            return self == a ? b : a;
        }

        /** Ids the far end of this link is known to have, as {@code self} keeps them. */
        Set<Key> seen(Node self) {
            return self == a ? seenByA : seenByB;
        }
    }

    private final class Node {
        final int index;
        final Map<Node, Link> links = new LinkedHashMap<>();
        final Map<Key, Long> validatedAt = new HashMap<>();
        final Set<Key> requested = new HashSet<>();
        final Map<Key, byte[]> bodies = new HashMap<>();
        final Map<Key, List<Key>> waitingForParent = new HashMap<>();
        final Map<Long, Pending> fetches = new HashMap<>();
        long uplinkFreeAt;
        long nextRequest;
        long messagesSent;
        long bytesSent;
        long bytesReceived;
        long bodiesReceived;

        Node(int index) {
            this.index = index;
        }
    }

    private record Pending(Key key, Node from, ByteArrayBuilder received) {
    }

    /** Collects a body's chunks. */
    private static final class ByteArrayBuilder {
        private byte[] bytes = new byte[0];

        void append(byte[] more) {
            byte[] grown = Arrays.copyOf(bytes, bytes.length + more.length);
            System.arraycopy(more, 0, grown, bytes.length, more.length);
            bytes = grown;
        }

        byte[] bytes() {
            return bytes;
        }
    }

    public GossipNetwork(GossipSettings settings) {
        this.settings = settings;
        this.random = new SplittableRandom(settings.seed());
        for (int i = 0; i < settings.nodes(); i++) {
            nodes.add(new Node(i));
        }
        for (Node node : nodes) {
            link(node, settings.fullRelayOutbound(), false);
            link(node, settings.blockRelayOutbound(), true);
        }
    }

    /**
     * Opens {@code count} outbound links from {@code node} to distinct nodes it is not linked to yet (fewer when it
     * is linked to nearly everyone already, in a small network).
     */
    private void link(Node node, int count, boolean blockOnly) {
        for (int opened = 0; opened < count; opened++) {
            List<Node> free = nodes.stream().filter(peer -> peer != node && !node.links.containsKey(peer)).toList();
            if (free.isEmpty()) {
                return;
            }
            Node peer = free.get(random.nextInt(free.size()));
            long latency = settings.minLatencyMs()
                    + random.nextLong(settings.maxLatencyMs() - settings.minLatencyMs() + 1);
            Link link = new Link(node, peer, latency, blockOnly);
            node.links.put(peer, link);
            peer.links.put(node, link);
        }
    }

    // ------------------------------------------------------------------------------------------------ the scenario

    /** A node mines (or is given) a block of {@code size} bytes on top of {@code parent} (null: on nothing held). */
    public byte[] publishBlock(int origin, int size, byte[] parent) {
        return publish(origin, BLOCK, size, parent);
    }

    /** A node's mempool takes a transaction of {@code size} bytes. */
    public byte[] publishTransaction(int origin, int size) {
        return publish(origin, TX, size, null);
    }

    private byte[] publish(int origin, int type, int size, byte[] parent) {
        if (size < 1) {
            throw new IllegalArgumentException("an object has at least 1 byte, got " + size);
        }
        byte[] id = ByteBuffer.allocate(32).putLong(++nextObject).putLong(settings.seed()).array();
        Key key = Key.of(type, id);
        Key parentKey = parent == null ? null : Key.of(BLOCK, parent);
        published.put(key, new Published(key, parentKey, size, origin, now));
        Node node = nodes.get(origin);
        byte[] body = new byte[size];
        random.nextBytes(body);
        node.bodies.put(key, body);
        accept(node, key);
        return id;
    }

    /** Splits the network: links between nodes of different sides carry nothing until {@link #heal()}. */
    @SafeVarargs
    public final void partition(Set<Integer>... groups) {
        sides.clear();
        for (int side = 0; side < groups.length; side++) {
            for (int node : groups[side]) {
                sides.put(node, side);
            }
        }
        // the links across close: fetches on them fail, and the objects may be asked of someone else later
        for (Node node : nodes) {
            node.fetches.values().removeIf(pending -> {
                boolean lost = cut(node, pending.from());
                if (lost) {
                    node.requested.remove(pending.key());
                }
                return lost;
            });
        }
    }

    /**
     * Ends the partition. Links that were cut come back up, and each end announces its newest block to the other,
     * as a node's sync asks a peer that links up for what it holds (docs/network.md §3).
     */
    public void heal() {
        Map<Integer, Integer> before = Map.copyOf(sides);
        sides.clear();
        for (Node node : nodes) {
            Key newest = newestBlock(node);
            if (newest == null) {
                continue;
            }
            for (Link link : node.links.values()) {
                Node peer = link.other(node);
                if (!before.getOrDefault(node.index, 0).equals(before.getOrDefault(peer.index, 0))) {
                    announce(node, link, newest);
                }
            }
        }
    }

    /** Runs the simulation for {@code ms} of simulated time. */
    public void runFor(long ms) {
        long until = now + ms;
        while (!queue.isEmpty() && queue.peek().at() <= until) {
            Scheduled next = queue.poll();
            now = next.at();
            next.step().run();
        }
        now = until;
    }

    /** Runs until nothing is left to deliver. */
    public void runUntilQuiet() {
        while (!queue.isEmpty()) {
            Scheduled next = queue.poll();
            now = next.at();
            next.step().run();
        }
    }

    public long now() {
        return now;
    }

    public int size() {
        return nodes.size();
    }

    // ------------------------------------------------------------------------------------------------- the figures

    /** When each node had validated the object, in ms after it was published; nodes that never did are absent. */
    public Reach reach(int type, byte[] id) {
        Key key = Key.of(type, id);
        Published object = published.get(key);
        if (object == null) {
            throw new IllegalArgumentException("no object of type " + type + " with that id was published");
        }
        List<Long> delays = new ArrayList<>();
        Set<Integer> reached = new HashSet<>();
        for (Node node : nodes) {
            Long at = node.validatedAt.get(key);
            if (at != null) {
                delays.add(at - object.at());
                reached.add(node.index);
            }
        }
        return new Reach(nodes.size(), delays, reached);
    }

    /** Bytes each node sent, in node order. */
    public long[] bytesSent() {
        return nodes.stream().mapToLong(n -> n.bytesSent).toArray();
    }

    /** Messages each node sent, in node order. */
    public long[] messagesSent() {
        return nodes.stream().mapToLong(n -> n.messagesSent).toArray();
    }

    /** Whole bodies each node received, in node order (at most one per object it did not publish). */
    public long[] bodiesReceived() {
        return nodes.stream().mapToLong(n -> n.bodiesReceived).toArray();
    }

    /** Ids of a type announced over block-relay-only links, as their receivers parsed them. */
    public long announcedOnBlockRelayLinks(int type) {
        return announcedOnBlockRelayLinks.getOrDefault(type, 0L);
    }

    /** The nodes {@code node} is linked to, and whether each link carries blocks only. */
    public Map<Integer, Boolean> links(int node) {
        Map<Integer, Boolean> out = new LinkedHashMap<>();
        for (Link link : nodes.get(node).links.values()) {
            out.put(link.other(nodes.get(node)).index, link.blockOnly);
        }
        return out;
    }

    // ------------------------------------------------------------------------------------------------- the rules

    /** The node holds a valid object: remember it, announce it, and take any child that waited for it. */
    private void accept(Node node, Key key) {
        if (node.validatedAt.containsKey(key)) {
            return;
        }
        node.validatedAt.put(key, now);
        for (Link link : node.links.values()) {
            announce(node, link, key);
        }
        List<Key> children = node.waitingForParent.remove(key);
        if (children != null) {
            for (Key child : children) {
                validateLater(node, child);
            }
        }
    }

    private void announce(Node node, Link link, Key key) {
        if (key.type() == TX && link.blockOnly) {
            return;     // block-relay-only links carry no transactions
        }
        if (cut(node, link.other(node))) {
            return;     // a link that is down is no peer to announce to
        }
        if (!link.seen(node).add(key)) {
            return;     // the peer is known to have it
        }
        Frame inv = Frame.newBuilder().setInv(Inv.newBuilder().setType(key.type())
                .addIds(ByteString.copyFrom(key.bytes()))).build();
        sendControl(node, link, inv.toByteArray(), bytes -> onLinkFrame(link.other(node), link, bytes));
    }

    private void onLinkFrame(Node node, Link link, byte[] bytes) {
        Frame frame = parseFrame(bytes);
        Inv inv = frame.getInv();
        Node from = link.other(node);
        if (link.blockOnly) {
            announcedOnBlockRelayLinks.merge(inv.getType(), (long) inv.getIdsCount(), Long::sum);
        }
        for (ByteString id : inv.getIdsList()) {
            Key key = Key.of(inv.getType(), id.toByteArray());
            link.seen(node).add(key);
            if (node.validatedAt.containsKey(key) || !node.requested.add(key)) {
                continue;   // held, or already asked of someone: one request per object
            }
            request(node, from, key);
        }
    }

    private void request(Node node, Node from, Key key) {
        Link link = node.links.get(from);
        long requestId = ++node.nextRequest;
        node.fetches.put(requestId, new Pending(key, from, new ByteArrayBuilder()));
        BulkFrame ask = BulkFrame.newBuilder().setRequest(FetchRequest.newBuilder().setRequestId(requestId)
                .setType(key.type()).setId(ByteString.copyFrom(key.bytes()))).build();
        sendControl(node, link, ask.toByteArray(), bytes -> serve(from, node, bytes));
    }

    /** A node answers a fetch with its body in chunks, queued on its uplink. */
    private void serve(Node node, Node asker, byte[] bytes) {
        FetchRequest ask = parseBulk(bytes).getRequest();
        Key key = Key.of(ask.getType(), ask.getId().toByteArray());
        byte[] body = node.bodies.get(key);
        Link link = node.links.get(asker);
        if (body == null) {
            BulkFrame notFound = BulkFrame.newBuilder().setChunk(Chunk.newBuilder().setRequestId(ask.getRequestId())
                    .setNotFound(true)).build();
            sendBulk(node, link, notFound.toByteArray(), answer -> onChunk(asker, answer));
            return;
        }
        for (int offset = 0; offset < body.length; offset += CHUNK_BYTES) {
            int end = Math.min(body.length, offset + CHUNK_BYTES);
            BulkFrame chunk = BulkFrame.newBuilder().setChunk(Chunk.newBuilder().setRequestId(ask.getRequestId())
                    .setTotalSize(body.length).setData(ByteString.copyFrom(body, offset, end - offset))).build();
            sendBulk(node, link, chunk.toByteArray(), answer -> onChunk(asker, answer));
        }
    }

    private void onChunk(Node node, byte[] bytes) {
        Chunk chunk = parseBulk(bytes).getChunk();
        Pending pending = node.fetches.get(chunk.getRequestId());
        if (pending == null) {
            return;
        }
        if (chunk.getNotFound()) {
            node.fetches.remove(chunk.getRequestId());
            node.requested.remove(pending.key());
            return;
        }
        pending.received().append(chunk.getData().toByteArray());
        if (pending.received().bytes().length < chunk.getTotalSize()) {
            return;
        }
        node.fetches.remove(chunk.getRequestId());
        node.bodiesReceived++;
        node.bodies.put(pending.key(), pending.received().bytes());
        Published object = published.get(pending.key());
        Key parent = object.parent();
        if (parent != null && !node.validatedAt.containsKey(parent)) {
            // an orphan: its parent is fetched from the peer that served it, and it waits
            node.waitingForParent.computeIfAbsent(parent, p -> new ArrayList<>()).add(pending.key());
            if (node.requested.add(parent)) {
                request(node, pending.from(), parent);
            }
            return;
        }
        validateLater(node, pending.key());
    }

    private void validateLater(Node node, Key key) {
        long took = key.type() == BLOCK ? settings.validationMs() : settings.validationMs() / 10;
        at(now + took, () -> accept(node, key));
    }

    // ---------------------------------------------------------------------------------------------- the network

    /** Announcements and requests: their own stream, so they never wait behind a body on the uplink. */
    private void sendControl(Node from, Link link, byte[] bytes, java.util.function.Consumer<byte[]> deliver) {
        count(from, bytes);
        long serialise = bytes.length * 1_000L / settings.uplinkBytesPerSecond();
        deliver(from, link, now + serialise + link.latencyMs, bytes, deliver);
    }

    /** Bodies: they queue on the sender's uplink. */
    private void sendBulk(Node from, Link link, byte[] bytes, java.util.function.Consumer<byte[]> deliver) {
        count(from, bytes);
        long start = Math.max(now, from.uplinkFreeAt);
        long departs = start + Math.max(1, bytes.length * 1_000L / settings.uplinkBytesPerSecond());
        from.uplinkFreeAt = departs;
        deliver(from, link, departs + link.latencyMs, bytes, deliver);
    }

    private void deliver(Node from, Link link, long at, byte[] bytes, java.util.function.Consumer<byte[]> deliver) {
        Node to = link.other(from);
        at(at, () -> {
            if (cut(from, to)) {
                return;     // the link is down: what was on it is lost, as a closed connection loses it
            }
            to.bytesReceived += bytes.length;
            deliver.accept(bytes);
        });
    }

    private boolean cut(Node a, Node b) {
        return !sides.isEmpty() && !sides.getOrDefault(a.index, 0).equals(sides.getOrDefault(b.index, 0));
    }

    private void count(Node from, byte[] bytes) {
        from.messagesSent++;
        from.bytesSent += bytes.length;
    }

    private void at(long time, Runnable step) {
        queue.add(new Scheduled(time, sequence++, step));
    }

    private Key newestBlock(Node node) {
        Key newest = null;
        long newestAt = -1;
        for (Map.Entry<Key, Long> held : node.validatedAt.entrySet()) {
            Published object = published.get(held.getKey());
            if (held.getKey().type() == BLOCK && object.at() > newestAt) {
                newest = held.getKey();
                newestAt = object.at();
            }
        }
        return newest;
    }

    private static Frame parseFrame(byte[] bytes) {
        try {
            return Frame.parseFrom(bytes);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("the simulation made a frame it cannot parse", e);
        }
    }

    private static BulkFrame parseBulk(byte[] bytes) {
        try {
            return BulkFrame.parseFrom(bytes);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("the simulation made a bulk frame it cannot parse", e);
        }
    }
}
