package org.pouw.bench.net;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.pouw.bench.Sitting;
import org.pouw.chain.genesis.ChainGenesis;
import org.pouw.chain.genesis.DemoGenesis;
import org.pouw.chain.genesis.GenesisAccount;
import org.pouw.chain.tx.Transaction;
import org.pouw.chain.tx.Transfer;
import org.pouw.crypto.Ed25519;
import org.pouw.ml.wire.Bytes32;
import org.pouw.node.PouwNode;
import org.pouw.node.chain.ChainService;

/**
 * {@link TxGossipBenchmark}'s sustained-rate mode: the figure is a rate relayed across five nodes, and rounds
 * of a few hundred transactions mostly measure each hop's 100 ms announcement trickle. Here transactions are offered
 * to the first node's API in-process at a fixed {@code --rate} for {@code --seconds} (after {@code --warmup-seconds}
 * at the same rate, drained and not counted), and every node's mempool is watched: the rate each node actually took
 * during the offer, its backlog when the offer ended (offered, not yet taken), and how long after the offer the last
 * node had every one. Nothing is mined, so every mempool must hold the whole offer: {@code chain.mempool_capacity}
 * is raised to fit it (the per-sender limit stays 64: {@value #SENDERS} senders, a few chained transfers each).
 *
 * <p>The offer is made by {@code --clients} threads (default 1), as by that many API clients: sender s belongs to
 * client s mod clients, so each sender's nonces still arrive in order, and each client keeps its share of the
 * schedule. They offer through {@link ChainService#offerTx}, the API's bounded line; a {@code BUSY} refusal is counted
 * and the transaction offered again a millisecond later. The offering threads' CPU, their time waiting for a lock and
 * their time inside {@code offerTx} are printed beside the rate: on a loaded machine the rest of that time is the
 * thread runnable and waiting for a core, which is what held the origin's figure down (docs/network.md §6,
 * "Admission under overload"). A drain that takes nothing anywhere for {@value #STALL_SECONDS} s is reported as
 * transactions that never arrived.
 */
final class SustainedTxOffer {
    private static final long T0 = 1_767_225_600;
    private static final int SENDERS = 4_000;
    private static final int DRAIN_SECONDS = 300;
    /**
     * A drain that took nothing anywhere for this long has stopped: a relay that dropped announcements past its
     * waiting list never fetches those transactions (docs/network.md §6, "Admission under overload").
     */
    private static final int STALL_SECONDS = 20;
    static final int DEFAULT_CLIENTS = 1;

    private SustainedTxOffer() {
    }

    static void run(int nodeCount, int rate, int seconds, int warmupSeconds, int clients) throws Exception {
        int warm = rate * warmupSeconds;
        int measured = rate * seconds;
        int perSender = Math.ceilDiv(warm + measured, SENDERS);
        if (nodeCount < 2 || seconds < 1 || warmupSeconds < 0 || perSender > 64 || clients < 1 || clients > 64) {
            throw new IllegalArgumentException("--nodes >= 2, --seconds >= 1, --warmup-seconds >= 0, --clients 1..64,"
                    + " and (--rate x (--seconds + --warmup-seconds)) at most " + 64 * SENDERS);
        }
        Sitting.print(TxGossipBenchmark.class, new String[] {"--nodes", "" + nodeCount, "--rate", "" + rate,
                "--seconds", "" + seconds, "--warmup-seconds", "" + warmupSeconds, "--clients", "" + clients},
                "sustained offer, " + SENDERS + " senders, " + perSender + " transfers each at most, " + clients
                + " offering clients");
        List<Ed25519.KeyPair> keys = new ArrayList<>();
        List<GenesisAccount> funded = new ArrayList<>();
        for (int i = 0; i < SENDERS; i++) {
            Ed25519.KeyPair key = Ed25519.KeyPair.generate();
            keys.add(key);
            funded.add(new GenesisAccount(Bytes32.of(key.publicKey()), 1_000_000_000L, 0));
        }
        ChainGenesis genesis = DemoGenesis.forMiner(Bytes32.of(Ed25519.KeyPair.generate().publicKey()), T0, funded);
        Bytes32 sink = Bytes32.of(Ed25519.KeyPair.generate().publicKey());
        // signed before anything is timed, nonce-major so a sender's next transfer comes SENDERS offers later
        List<byte[]> offer = new ArrayList<>(warm + measured);
        Bytes32 chainId = genesis.chainId();      // derived from the whole genesis: once, not per transfer
        for (int k = 0; offer.size() < warm + measured; k++) {
            for (int s = 0; s < SENDERS && offer.size() < warm + measured; s++) {
                offer.add(Transaction.sign(keys.get(s), chainId, k, 1, new byte[0], new Transfer(sink, 1)).encode());
            }
        }

        Path root = Files.createTempDirectory("pouw-tx-sustained");
        List<PouwNode> nodes = new ArrayList<>();
        ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
        try {
            List<AtomicInteger> taken = new ArrayList<>();
            Map<String, String> capacity = Map.of("chain.mempool_capacity", String.valueOf(warm + measured + 1_000));
            for (int i = 0; i < nodeCount; i++) {
                Integer bootstrap = i == 0 ? null : nodes.get(i - 1).network().orElseThrow().port();
                PouwNode node = TxGossipBenchmark.start(root.resolve("node-" + i), genesis, bootstrap, capacity);
                nodes.add(node);
                AtomicInteger count = new AtomicInteger();
                node.chain().orElseThrow().onTransactionTaken((id, encoded) -> count.incrementAndGet());
                taken.add(count);
            }
            Polling.until(() -> nodes.stream().allMatch(n -> !n.network().orElseThrow().node().peers().isEmpty()),
                    120);
            ChainService origin = nodes.getFirst().chain().orElseThrow();

            if (warm > 0) {
                new OfferingClients(origin, clients, SENDERS).offer(offer.subList(0, warm), rate);
                drain(taken, warm, new long[nodeCount], System.nanoTime());
            }
            int[] start = taken.stream().mapToInt(AtomicInteger::get).toArray();
            List<int[]> samples = new ArrayList<>();
            sampler.scheduleAtFixedRate(() -> {
                synchronized (samples) {
                    samples.add(taken.stream().mapToInt(AtomicInteger::get).toArray());
                }
            }, 1, 1, TimeUnit.SECONDS);
            long cpu = TxGossipBenchmark.processCpuNanos();
            double loadBefore = Sitting.load();
            long begun = System.nanoTime();
            OfferingClients.Figures offering = new OfferingClients(origin, clients, SENDERS)
                    .offer(offer.subList(warm, warm + measured), rate);
            long offered = System.nanoTime();
            int[] atEnd = taken.stream().mapToInt(AtomicInteger::get).toArray();
            double loadAtEnd = Sitting.load();
            int target = warm + measured;
            long[] doneAt = new long[nodeCount];
            drain(taken, target, doneAt, offered);
            long cpuUsed = TxGossipBenchmark.processCpuNanos() - cpu;
            sampler.shutdownNow();

            double offerSeconds = (offered - begun) / 1e9;
            System.out.printf(Locale.ROOT, "%d nodes in a line (node i bootstraps to i - 1), %,d transfers offered "
                    + "to n0 at %,d/s for %d s after %d s of warm-up; achieved offer %,.0f tx/s over %.2f s; load "
                    + "average %.2f -> %.2f, %d cores%n", nodeCount, measured, rate, seconds, warmupSeconds,
                    measured / offerSeconds, offerSeconds, loadBefore, loadAtEnd,
                    Runtime.getRuntime().availableProcessors());
            System.out.printf(Locale.ROOT, "  the %d offering clients: %.2f CPU-s, %.2f s waiting for a lock, %.2f s "
                    + "inside the origin's offerTx (the rest runnable, waiting for a core); %,d refused busy and "
                    + "offered again%n", clients, offering.cpuNanos() / 1e9, offering.lockWaitMillis() / 1e3,
                    offering.insideNanos() / 1e9, offering.busy());
            for (int i = 0; i < nodeCount; i++) {
                int during = atEnd[i] - start[i];
                String drained = doneAt[i] == 0 ? String.format(Locale.ROOT, "%,d never arrived (nothing taken "
                        + "anywhere for %d s, or %d s passed)", target - taken.get(i).get(), STALL_SECONDS,
                        DRAIN_SECONDS)
                        : String.format(Locale.ROOT, "all %.2f s after the offer ended", (doneAt[i] - offered) / 1e9);
                System.out.printf(Locale.ROOT, "  n%d took %,d during the offer: %,.0f tx/s; backlog at its end %,d;"
                        + " %s%n", i, during, during / offerSeconds, measured - during, drained);
            }
            boolean everyNode = java.util.Arrays.stream(doneAt).allMatch(at -> at != 0);
            long lastDone = java.util.Arrays.stream(doneAt).max().orElse(0);
            if (everyNode) {
                System.out.printf(Locale.ROOT, "every node had every transfer %.2f s after the offer began: %,.0f "
                        + "tx/s to all%n", (lastDone - begun) / 1e9, measured / ((lastDone - begun) / 1e9));
            }
            System.out.printf(Locale.ROOT, "process CPU per 1,000 transactions (all nodes, offer and drain): %.0f "
                    + "ms%n", cpuUsed / 1e6 / measured * 1_000);
            StringBuilder series = new StringBuilder();
            synchronized (samples) {
                int[] previous = start;
                for (int[] sample : samples) {
                    series.append(' ').append(sample[nodeCount - 1] - previous[nodeCount - 1]);
                    previous = sample;
                }
            }
            System.out.println("last node's transactions taken, second by second:" + series);
        } finally {
            sampler.shutdownNow();
            for (PouwNode node : nodes) {
                node.close();
            }
            LaunchedNode.deleteTree(root);
        }
    }

    /**
     * Waits until every node took {@code target} transactions, noting when each did in {@code doneAt}, or until
     * nothing was taken anywhere for {@value #STALL_SECONDS} s, or {@value #DRAIN_SECONDS} s after {@code from}.
     */
    private static void drain(List<AtomicInteger> taken, int target, long[] doneAt, long from)
            throws InterruptedException {
        long deadline = from + TimeUnit.SECONDS.toNanos(DRAIN_SECONDS);
        long total = -1;
        long progressed = System.nanoTime();
        while (System.nanoTime() < deadline && System.nanoTime() - progressed < TimeUnit.SECONDS.toNanos(
                STALL_SECONDS)) {
            boolean all = true;
            long now = 0;
            for (int i = 0; i < doneAt.length; i++) {
                int count = taken.get(i).get();
                now += count;
                if (doneAt[i] == 0 && count >= target) {
                    doneAt[i] = System.nanoTime();
                }
                all &= doneAt[i] != 0;
            }
            if (all) {
                return;
            }
            if (now != total) {
                total = now;
                progressed = System.nanoTime();
            }
            Thread.sleep(1);
        }
    }
}
