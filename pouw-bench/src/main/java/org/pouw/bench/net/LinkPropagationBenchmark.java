package org.pouw.bench.net;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;
import org.pouw.bench.Median;
import org.pouw.crypto.DidKey;
import org.pouw.crypto.Ed25519;
import org.pouw.p2p.ChainIdentity;
import org.pouw.p2p.P2pConfig;
import org.pouw.p2p.PeerNode;
import org.pouw.p2p.peers.InMemoryPeerBook;

/**
 * Propagation over the real transport on this machine (issue 20's performance section, docs/network.md §6): N
 * {@code PeerNode}s on loopback (TLS 1.3, the signed handshake, one gRPC connection per pair) linked in a random graph
 * (each dials {@code --degree} others), relaying by the node's rule: an announced id not held is fetched over the
 * bulk stream from the first announcer, then announced on. Blocks: one object of {@code --block-bytes} at a time from
 * a random node, timed until 50 %, 90 % and all of the other nodes hold it. Transactions: {@code --txs} objects of
 * 250 bytes offered as fast as the origin can announce them, timed until every node holds every one (coverage and
 * relayed transactions per second, and the process's CPU time per 1,000 of them). There is no validation here: the figures are the transport's. Prints medians over
 * rounds, after {@code --warmup} rounds that are not counted (the first seconds of a JVM run are the JIT's).
 *
 * <pre>
 * ./mvnw -B -q -pl pouw-bench -am package -DskipTests
 * java -cp "pouw-bench/target/classes:pouw-bench/target/lib/*" org.pouw.bench.net.LinkPropagationBenchmark \
 *     [--nodes 10] [--degree 2] [--block-bytes 18000] [--blocks 20] [--txs 2000] [--rounds 3] [--warmup 1]
 * </pre>
 */
public final class LinkPropagationBenchmark {
    private static final int BLOCK = 1;
    private static final int TX = 2;
    private static final ChainIdentity CHAIN = new ChainIdentity("pouw-bench-gossip".getBytes(StandardCharsets.UTF_8),
            new byte[] {1, 2, 3, 4});

    private LinkPropagationBenchmark() {
    }

    /** One relaying node: what it holds, by type and id, and when it got each (ns). */
    private static final class Relay {
        final PeerNode node;
        final Map<ByteBuffer, byte[]> held = new ConcurrentHashMap<>();
        final Map<ByteBuffer, Long> heldAt = new ConcurrentHashMap<>();
        final Set<ByteBuffer> asked = ConcurrentHashMap.newKeySet();
        /** Transactions held, counted as they come: the wait for all of them must not itself load the machine. */
        final java.util.concurrent.atomic.AtomicInteger txsHeld = new java.util.concurrent.atomic.AtomicInteger();

        Relay(PeerNode node) {
            this.node = node;
            for (int type : new int[] {BLOCK, TX}) {
                node.serve(type, (askedBy, id) -> Optional.ofNullable(held.get(key(type, id))));
                node.onAnnounced(type, (from, ids) -> ids.forEach(id -> fetch(type, from, id)));
            }
        }

        private void fetch(int type, DidKey from, byte[] id) {
            ByteBuffer key = key(type, id);
            if (held.containsKey(key) || !asked.add(key)) {
                return;
            }
            node.fetch(from, type, id).whenComplete((bytes, failure) -> {
                if (bytes == null) {
                    asked.remove(key);
                    return;
                }
                take(type, id, bytes);
            });
        }

        void take(int type, byte[] id, byte[] bytes) {
            ByteBuffer key = key(type, id);
            if (held.put(key, bytes) == null && type == TX) {
                txsHeld.incrementAndGet();
            }
            heldAt.putIfAbsent(key, System.nanoTime());
            node.announce(type, id);
        }

        boolean holds(int type, byte[] id) {
            return held.containsKey(key(type, id));
        }

        static ByteBuffer key(int type, byte[] id) {
            return ByteBuffer.allocate(1 + id.length).put((byte) type).put(id).flip();
        }
    }

    public static void main(String[] args) throws Exception {
        int nodes = 10;
        int degree = 2;
        int blockBytes = 18_000;
        int blocks = 20;
        int txs = 2_000;
        int rounds = 3;
        int warmup = 1;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--nodes" -> nodes = Integer.parseInt(args[++i]);
                case "--degree" -> degree = Integer.parseInt(args[++i]);
                case "--block-bytes" -> blockBytes = Integer.parseInt(args[++i]);
                case "--blocks" -> blocks = Integer.parseInt(args[++i]);
                case "--txs" -> txs = Integer.parseInt(args[++i]);
                case "--rounds" -> rounds = Integer.parseInt(args[++i]);
                case "--warmup" -> warmup = Integer.parseInt(args[++i]);
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        if (nodes < 2 || degree < 1 || degree >= nodes || blocks < 1 || txs < 1 || rounds < 1 || warmup < 0) {
            throw new IllegalArgumentException("need --nodes >= 2, 1 <= --degree < --nodes, and --blocks, --txs, "
                    + "--rounds >= 1");
        }
        String[] names = {"block to 50 % ms", "block to 90 % ms", "block to all ms", "tx coverage %",
            "tx relayed per second", "tx CPU ms per 1,000"};
        double[][] figures = new double[names.length][rounds];
        for (int round = 0; round < warmup; round++) {
            // the JIT compiles the transport's paths in the first seconds; a round then is not the transport's figure
            System.out.printf(Locale.ROOT, "warm-up %d: %s%n", round + 1,
                    Arrays.toString(round(nodes, degree, blockBytes, blocks, txs, -1 - round)));
        }
        for (int round = 0; round < rounds; round++) {
            double[] one = round(nodes, degree, blockBytes, blocks, txs, round);
            for (int f = 0; f < names.length; f++) {
                figures[f][round] = one[f];
            }
            System.out.printf(Locale.ROOT, "round %d: %s%n", round + 1, Arrays.toString(one));
        }
        System.out.printf(Locale.ROOT, "real transport: %d PeerNodes on loopback, each dialing %d, blocks of %,d bytes "
                + "(%d a round, medians over them), %,d transactions a round; medians of %d rounds after %d warm-up%n",
                nodes, degree, blockBytes, blocks, txs, rounds, warmup);
        for (int f = 0; f < names.length; f++) {
            System.out.printf(Locale.ROOT, "  %-24s %12.1f%n", names[f], Median.upper(figures[f]));
        }
    }

    private static double[] round(int count, int degree, int blockBytes, int blocks, int txs, long seed)
            throws Exception {
        SplittableRandom random = new SplittableRandom(seed);
        List<Relay> relays = new ArrayList<>();
        try {
            for (int i = 0; i < count; i++) {
                P2pConfig config = P2pConfig.defaults(Ed25519.KeyPair.generate(), CHAIN, "127.0.0.1", 0)
                        .withRate(64L << 20, 256L << 20);
                relays.add(new Relay(PeerNode.start(config, new InMemoryPeerBook())));
            }
            link(relays, degree, random);

            double[] half = new double[blocks];
            double[] ninety = new double[blocks];
            double[] all = new double[blocks];
            for (int b = 0; b < blocks; b++) {
                byte[] id = id(seed, b, BLOCK);
                byte[] body = new byte[blockBytes];
                random.nextBytes(body);
                Relay origin = relays.get(random.nextInt(count));
                long start = System.nanoTime();
                origin.take(BLOCK, id, body);
                Polling.until(() -> relays.stream().allMatch(r -> r.holds(BLOCK, id)), 60);
                long[] delays = relays.stream().filter(r -> r != origin)
                        .mapToLong(r -> r.heldAt.get(Relay.key(BLOCK, id)) - start).sorted().toArray();
                half[b] = ms(delays[(int) Math.ceil(0.5 * delays.length) - 1]);
                ninety[b] = ms(delays[(int) Math.ceil(0.9 * delays.length) - 1]);
                all[b] = ms(delays[delays.length - 1]);
            }

            long cpuStart = processCpuNanos();
            long start = System.nanoTime();
            List<byte[]> ids = new ArrayList<>();
            for (int t = 0; t < txs; t++) {
                byte[] id = id(seed, t, TX);
                ids.add(id);
                byte[] body = new byte[250];
                random.nextBytes(body);
                relays.get(random.nextInt(count)).take(TX, id, body);
            }
            Polling.until(() -> relays.stream().allMatch(r -> r.txsHeld.get() == txs), 120);
            double seconds = (System.nanoTime() - start) / 1e9;
            double cpuMsPerThousand = (processCpuNanos() - cpuStart) / 1e6 * 1000.0 / txs;
            long held = 0;
            for (byte[] id : ids) {
                for (Relay relay : relays) {
                    held += relay.holds(TX, id) ? 1 : 0;
                }
            }
            return new double[] {Median.upper(half), Median.upper(ninety), Median.upper(all),
                100.0 * held / ((long) txs * count), txs / seconds, cpuMsPerThousand};
        } finally {
            relays.forEach(relay -> relay.node.close());
        }
    }

    /**
     * Each node dials its successor on a ring (so the graph is connected) and {@code degree - 1} random others; a dial
     * refused as a duplicate is no loss: the two are linked already.
     */
    private static void link(List<Relay> relays, int degree, SplittableRandom random) throws InterruptedException {
        for (int i = 0; i < relays.size(); i++) {
            Relay relay = relays.get(i);
            int dialed = 0;
            while (dialed < degree) {
                Relay peer = dialed == 0 ? relays.get((i + 1) % relays.size())
                        : relays.get(random.nextInt(relays.size()));
                if (peer == relay || relay.node.isConnected(peer.node.self())) {
                    continue;
                }
                try {
                    relay.node.connect("127.0.0.1", peer.node.port()).get(30, TimeUnit.SECONDS);
                } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                    // a duplicate: the two are linked already
                }
                dialed++;
            }
        }
        Polling.until(() -> relays.stream().noneMatch(r -> r.node.peers().isEmpty()), 30);
    }

    /**
     * CPU time of this whole process (every node, the transport's threads, the JIT and the collector): on a machine
     * that others load too, the work per transaction is the steadier figure, where the rate follows their load.
     */
    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private static byte[] id(long seed, int index, int type) {
        return ByteBuffer.allocate(32).putLong(seed).putInt(type).putInt(index).array();
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }
}
