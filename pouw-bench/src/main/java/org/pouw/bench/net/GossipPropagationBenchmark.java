package org.pouw.bench.net;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.pouw.bench.Median;
import org.pouw.p2p.sim.GossipNetwork;
import org.pouw.p2p.sim.GossipSettings;
import org.pouw.p2p.sim.Reach;

/**
 * Issue 20's figures beyond this machine (docs/network.md §6): block propagation and transaction gossip on a
 * simulated network of N nodes in the node's link shape (8 full-relay + 2 block-relay outbound links each, 20–200 ms
 * one way, 20 Mbit/s up, 100 ms to validate a block) over the transport's wire messages ({@code GossipNetwork}).
 * Each round is a fresh topology (seed + round): blocks of the demo chain's size from random nodes, one per 10 s
 * spacing, then a burst of transactions. Prints the medians over rounds of: the block's time to 50 %, 90 % and 100 %
 * of the nodes (p50 and p99 over blocks), the messages and bytes each node sends per block, and the transactions'
 * coverage and time to 90 %. Simulated time: the figures are the model's and the same on any machine.
 *
 * <pre>
 * ./mvnw -B -q -pl pouw-bench -am package -DskipTests
 * java -cp "pouw-bench/target/classes:pouw-bench/target/lib/*" org.pouw.bench.net.GossipPropagationBenchmark \
 *     [--nodes 200] [--blocks 50] [--block-bytes 18000] [--txs 2000] [--rounds 5] [--seed 20]
 * </pre>
 */
public final class GossipPropagationBenchmark {
    private GossipPropagationBenchmark() {
    }

    public static void main(String[] args) {
        int nodes = 200;
        int blocks = 50;
        int blockBytes = 18_000;
        int txs = 2_000;
        int rounds = 5;
        long seed = 20;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--nodes" -> nodes = Integer.parseInt(args[++i]);
                case "--blocks" -> blocks = Integer.parseInt(args[++i]);
                case "--block-bytes" -> blockBytes = Integer.parseInt(args[++i]);
                case "--txs" -> txs = Integer.parseInt(args[++i]);
                case "--rounds" -> rounds = Integer.parseInt(args[++i]);
                case "--seed" -> seed = Long.parseLong(args[++i]);
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        if (blocks < 1 || txs < 1 || rounds < 1 || blockBytes < 1) {
            throw new IllegalArgumentException("--blocks, --txs, --rounds and --block-bytes must be >= 1");
        }
        String[] names = {"block to 50 % p50 ms", "block to 90 % p50 ms", "block to 90 % p99 ms",
            "block to 100 % p50 ms", "block to 100 % p99 ms", "messages per node per block",
            "bytes per node per block", "tx coverage %", "tx to 90 % p50 ms", "tx to 90 % p99 ms"};
        double[][] figures = new double[names.length][rounds];
        for (int round = 0; round < rounds; round++) {
            double[] one = round(GossipSettings.wideArea(nodes, seed + round), blocks, blockBytes, txs);
            for (int f = 0; f < names.length; f++) {
                figures[f][round] = one[f];
            }
        }
        System.out.printf(Locale.ROOT, "gossip on %d simulated nodes (8 + 2 outbound, 20-200 ms, 20 Mbit/s up, "
                + "100 ms validation), %d blocks of %,d bytes and %,d transactions a round; medians of %d rounds%n",
                nodes, blocks, blockBytes, txs, rounds);
        for (int f = 0; f < names.length; f++) {
            System.out.printf(Locale.ROOT, "  %-30s %12.1f%n", names[f], Median.upper(figures[f]));
        }
    }

    private static double[] round(GossipSettings settings, int blocks, int blockBytes, int txs) {
        GossipNetwork network = new GossipNetwork(settings);
        SplittableRandom origins = new SplittableRandom(settings.seed());
        List<Long> toHalf = new ArrayList<>();
        List<Long> toNinety = new ArrayList<>();
        List<Long> toAll = new ArrayList<>();
        byte[] parent = null;
        for (int i = 0; i < blocks; i++) {
            byte[] block = network.publishBlock(origins.nextInt(settings.nodes()), blockBytes, parent);
            network.runFor(10_000);
            Reach reach = network.reach(GossipNetwork.BLOCK, block);
            toHalf.add(reach.timeTo(0.5));
            toNinety.add(reach.timeTo(0.9));
            toAll.add(reach.timeTo(1.0));
            parent = block;
        }
        long messages = Arrays.stream(network.messagesSent()).sum();
        long bytes = Arrays.stream(network.bytesSent()).sum();
        List<byte[]> sent = new ArrayList<>();
        for (int i = 0; i < txs; i++) {
            sent.add(network.publishTransaction(origins.nextInt(settings.nodes()), 250));
            network.runFor(1);     // 1,000 transactions a second offered to the network
        }
        network.runUntilQuiet();
        double coverage = 0;
        List<Long> txNinety = new ArrayList<>();
        for (byte[] tx : sent) {
            Reach reach = network.reach(GossipNetwork.TX, tx);
            coverage += reach.coverage();
            txNinety.add(reach.timeTo(0.9));
        }
        return new double[] {percentile(toHalf, 0.5), percentile(toNinety, 0.5), percentile(toNinety, 0.99),
            percentile(toAll, 0.5), percentile(toAll, 0.99), (double) messages / settings.nodes() / blocks,
            (double) bytes / settings.nodes() / blocks, 100 * coverage / txs, percentile(txNinety, 0.5),
            percentile(txNinety, 0.99)};
    }

    /** The nearest-rank percentile; a -1 (never reached) counts as the largest. */
    private static double percentile(List<Long> values, double p) {
        List<Long> sorted = new ArrayList<>(values.stream().map(v -> v < 0 ? Long.MAX_VALUE : v).toList());
        Collections.sort(sorted);
        long value = sorted.get(Math.max(0, (int) Math.ceil(p * sorted.size()) - 1));
        return value == Long.MAX_VALUE ? Double.POSITIVE_INFINITY : value;
    }
}
