package org.pouw.bench.chain;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.bouncycastle.math.ec.rfc8032.Ed25519;
import org.pouw.bench.Median;
import org.pouw.bench.Sitting;
import org.pouw.chain.state.Account;
import org.pouw.chain.state.ChainParameters;
import org.pouw.chain.state.StateLayer;
import org.pouw.chain.state.TransactionRules;
import org.pouw.chain.state.TxOutcome;
import org.pouw.chain.tx.Anchor;
import org.pouw.chain.tx.BuyTickets;
import org.pouw.chain.tx.StakeRole;
import org.pouw.chain.tx.Transaction;
import org.pouw.chain.tx.Transfer;
import org.pouw.chain.tx.TxBody;
import org.pouw.crypto.Blake3;
import org.pouw.ml.wire.Bytes32;

/**
 * Chain transaction validation (issue 19, Performance; docs/chain.md §7): each transaction decoded from its bytes
 * and applied by {@link TransactionRules} — which checks its Ed25519 signature over the chain id, its nonce and the
 * sender's funds, and writes the state — in transactions per second on 1 and 2 threads, beside raw BouncyCastle
 * Ed25519 verification ({@code rfc8032.Ed25519.verify}, no key object) in the same sitting, and their ratio.
 *
 * <p>A block's worth of {@code --senders} × {@code --per-sender} signed transactions (transfers, with every tenth a
 * {@code buy_tickets} and every tenth an {@code anchor}), senders interleaved in nonce order, applied to a fresh
 * child layer of a funded state each time. Two threads split the senders in halves, each half applied to its own
 * layer: transactions of disjoint accounts commute, so that is what a node validating on two cores can do (the block
 * importer applies them on one thread today). Figures are medians of {@code --rounds} rounds of {@code --millis} ms,
 * chain and raw rounds alternating so that both see the same load.
 *
 * <p>Run from the repository root:
 * <pre>
 *   ./mvnw -B -q -pl pouw-bench -am package -DskipTests
 *   java -cp "pouw-bench/target/classes:pouw-bench/target/lib/*" \
 *       org.pouw.bench.chain.TxValidationBenchmark [--rounds 7] [--millis 1000] [--senders 256] [--per-sender 8]
 * </pre>
 */
public final class TxValidationBenchmark {
    private static final Bytes32 CHAIN = Bytes32.of(Blake3.hash("tx benchmark chain".getBytes(StandardCharsets.UTF_8)));

    private TxValidationBenchmark() {
    }

    public static void main(String[] args) {
        int rounds = 7;
        long millis = 1_000;
        int senders = 256;
        int perSender = 8;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--rounds" -> rounds = Integer.parseInt(args[i + 1]);
                case "--millis" -> millis = Long.parseLong(args[i + 1]);
                case "--senders" -> senders = Integer.parseInt(args[i + 1]);
                case "--per-sender" -> perSender = Integer.parseInt(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        Sitting.print(TxValidationBenchmark.class, args, String.format(Locale.ROOT,
                "%d senders × %d transactions per block, %d rounds of %d ms, threads 1 and 2", senders, perSender,
                rounds, millis));

        List<org.pouw.crypto.Ed25519.KeyPair> keys = new ArrayList<>();
        for (int s = 0; s < senders; s++) {
            byte[] seed = Blake3.hash(("sender " + s).getBytes(StandardCharsets.UTF_8));
            keys.add(org.pouw.crypto.Ed25519.KeyPair.fromPrivateKey(seed));
        }
        StateLayer funded = StateLayer.empty();
        for (org.pouw.crypto.Ed25519.KeyPair key : keys) {
            funded.credit(Bytes32.of(key.publicKey()), new Account(1_000_000_000_000L, 0));
        }
        byte[][] all = block(keys, 0, senders, perSender);
        byte[][] firstHalf = block(keys, 0, senders / 2, perSender);
        byte[][] secondHalf = block(keys, senders / 2, senders, perSender);
        validate(funded, all); // refuses loudly if the block is not valid

        // Raw verification inputs: the same signatures over the same messages, taken apart once.
        int count = all.length;
        byte[][] publicKeys = new byte[count][];
        byte[][] messages = new byte[count][];
        byte[][] signatures = new byte[count][];
        for (int i = 0; i < count; i++) {
            Transaction tx = Transaction.decode(all[i]);
            publicKeys[i] = tx.sender().toArray();
            signatures[i] = tx.signature();
            byte[] unsigned = Arrays.copyOf(all[i], all[i].length - 64);
            messages[i] = concat("pouw-chain-tx-v1".getBytes(StandardCharsets.US_ASCII), CHAIN.toArray(), unsigned);
            if (!Ed25519.verify(signatures[i], 0, publicKeys[i], 0, messages[i], 0, messages[i].length)) {
                throw new AssertionError("raw verification disagrees with the chain on transaction " + i);
            }
        }

        // Chain and raw rounds alternate, so both see the same load on a shared machine; the ratio is taken per
        // pair of rounds and its median printed.
        System.out.println("per wall second (per CPU-second of the working threads in brackets: what dedicated cores "
                + "would do while others share the machine); chain and raw rounds alternate, ratios per pair");
        System.out.println("| threads | chain validation (decode + signature + TransactionRules.apply) "
                + "| raw BouncyCastle Ed25519 verify | chain / raw |");
        System.out.println("|---|---|---|---|");
        for (int threads = 1; threads <= 2; threads++) {
            double[][] chain = new double[2][rounds];
            double[][] raw = new double[2][rounds];
            double[][] ratio = new double[2][rounds];
            for (int round = -2; round < rounds; round++) {
                double[] c = threads == 1 ? oneThread(millis, () -> validate(funded, all), count)
                        : twoThreads(millis, () -> validate(funded, firstHalf),
                                () -> validate(funded, secondHalf), firstHalf.length, secondHalf.length);
                double[] r = threads == 1 ? oneThread(millis, () -> verifyRange(publicKeys, messages, signatures, 0,
                        count), count)
                        : twoThreads(millis, () -> verifyRange(publicKeys, messages, signatures, 0, count / 2),
                                () -> verifyRange(publicKeys, messages, signatures, count / 2, count), count / 2,
                                count - count / 2);
                if (round >= 0) {
                    for (int k = 0; k < 2; k++) {
                        chain[k][round] = c[k];
                        raw[k][round] = r[k];
                        ratio[k][round] = c[k] / r[k];
                    }
                }
            }
            System.out.printf(Locale.ROOT,
                    "| %d | %,.0f tx/s (%,.0f) | %,.0f verifications/s (%,.0f) | %.2f (%.2f) |%n", threads,
                    Median.upper(chain[0]), Median.upper(chain[1]), Median.upper(raw[0]), Median.upper(raw[1]),
                    Median.upper(ratio[0]), Median.upper(ratio[1]));
        }
        System.out.printf(Locale.ROOT, "load average at the end: %.2f%n", Sitting.load());
    }

    /** One round of {@code millis} on the calling thread: {items per wall second, items per CPU-second}. */
    private static double[] oneThread(long millis, Supplier<Object> work, int items) {
        ThreadMXBean bean = ManagementFactory.getThreadMXBean();
        long calls = 0;
        long cpuStart = bean.getCurrentThreadCpuTime();
        long start = System.nanoTime();
        long end = start + millis * 1_000_000;
        long now;
        do {
            if (work.get() == null) {
                throw new AssertionError("the benchmarked call returned nothing");
            }
            calls++;
            now = System.nanoTime();
        } while (now < end);
        long cpu = Math.max(1, bean.getCurrentThreadCpuTime() - cpuStart);
        return new double[] {calls * items * 1e9 / (now - start), calls * items * 1e9 / cpu};
    }

    /**
     * Decodes and applies every transaction to a fresh layer over {@code funded}; all must apply. The rules are made
     * afresh each pass: their signature cache would otherwise turn every pass after the first into lookups, and this
     * benchmark measures verification.
     */
    private static StateLayer validate(StateLayer funded, byte[][] encoded) {
        TransactionRules fresh = new TransactionRules(CHAIN, ChainParameters.DEFAULTS);
        StateLayer layer = funded.child();
        for (byte[] bytes : encoded) {
            TxOutcome outcome = fresh.apply(layer, Transaction.decode(bytes), 1);
            if (!outcome.isApplied()) {
                throw new AssertionError("a benchmark transaction was refused: " + outcome.refusal());
            }
        }
        return layer;
    }

    private static Boolean verifyRange(byte[][] keys, byte[][] messages, byte[][] signatures, int from, int to) {
        boolean ok = true;
        for (int i = from; i < to; i++) {
            ok &= Ed25519.verify(signatures[i], 0, keys[i], 0, messages[i], 0, messages[i].length);
        }
        return ok;
    }

    /** Senders {@code from … to − 1}, each with {@code perSender} transactions, interleaved in nonce order. */
    private static byte[][] block(List<org.pouw.crypto.Ed25519.KeyPair> keys, int from, int to, int perSender) {
        List<byte[]> txs = new ArrayList<>();
        for (int nonce = 0; nonce < perSender; nonce++) {
            for (int s = from; s < to; s++) {
                TxBody body = switch ((s + nonce) % 10) {
                    case 0 -> new BuyTickets(StakeRole.MINER, 1_000);
                    case 1 -> new Anchor(Bytes32.of(Blake3.hash(("head " + s + " " + nonce)
                            .getBytes(StandardCharsets.UTF_8))), nonce);
                    default -> new Transfer(Bytes32.of(keys.get((s + 1) % keys.size()).publicKey()), 10 + nonce);
                };
                txs.add(Transaction.sign(keys.get(s), CHAIN, nonce, 1, new byte[0], body).encode());
            }
        }
        return txs.toArray(byte[][]::new);
    }

    /**
     * One round of {@code millis} with two threads each repeating its own work: {both threads' items over the wall
     * time, the sum of each thread's items over its own CPU time}.
     */
    private static double[] twoThreads(long millis, Supplier<Object> first, Supplier<Object> second, int firstItems,
                                       int secondItems) {
        long[] calls = new long[2];
        long[] cpuNanos = new long[2];
        AtomicBoolean stop = new AtomicBoolean();
        CountDownLatch start = new CountDownLatch(1);
        Thread a = worker(first, calls, cpuNanos, 0, start, stop);
        Thread b = worker(second, calls, cpuNanos, 1, start, stop);
        long begin = System.nanoTime();
        start.countDown();
        try {
            Thread.sleep(millis);
            stop.set(true);
            a.join();
            b.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while timing", e);
        }
        long elapsed = System.nanoTime() - begin;
        return new double[] {(calls[0] * firstItems + calls[1] * secondItems) * 1e9 / elapsed,
            calls[0] * firstItems * 1e9 / Math.max(1, cpuNanos[0])
                    + calls[1] * secondItems * 1e9 / Math.max(1, cpuNanos[1])};
    }

    private static Thread worker(Supplier<Object> work, long[] calls, long[] cpuNanos, int slot, CountDownLatch start,
                                 AtomicBoolean stop) {
        Thread thread = new Thread(() -> {
            ThreadMXBean bean = ManagementFactory.getThreadMXBean();
            try {
                start.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            long cpuStart = bean.getCurrentThreadCpuTime();
            long n = 0;
            while (!stop.get()) {
                if (work.get() == null) {
                    throw new AssertionError("the benchmarked call returned nothing");
                }
                n++;
            }
            cpuNanos[slot] = bean.getCurrentThreadCpuTime() - cpuStart;
            calls[slot] = n;
        });
        thread.start();
        return thread;
    }

    private static byte[] concat(byte[]... parts) {
        int length = 0;
        for (byte[] part : parts) {
            length += part.length;
        }
        byte[] out = new byte[length];
        int at = 0;
        for (byte[] part : parts) {
            System.arraycopy(part, 0, out, at, part.length);
            at += part.length;
        }
        return out;
    }
}
