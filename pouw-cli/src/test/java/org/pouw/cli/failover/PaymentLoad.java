package org.pouw.cli.failover;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.pouw.client.NodeException;
import org.pouw.client.PouwClient;
import org.pouw.client.ledger.NodeLedgerEntry;
import org.pouw.core.Clock;
import org.pouw.crypto.Ed25519;

/**
 * Payments (ledger transfers of one base unit, each with its own idempotency key) sent to a node by a few threads
 * while a scenario breaks something under it. Each call is classified: <b>acked</b> (200 seen) or <b>in doubt</b>
 * (anything else: no answer, a timeout, a 503 — a 503 may follow a COMMIT whose answer was lost, so it is not
 * taken as a promise that nothing happened). In-doubt payments are sent again with the same key after the fault
 * until acked, which the idempotency key must turn into exactly one transfer.
 */
final class PaymentLoad implements AutoCloseable {
    private static final long PAUSE_AFTER_ERROR_MS = 50;

    private final PouwClient client;
    private final String payer;
    private final String payee;
    private final Map<String, Long> ackedAtNanos = new ConcurrentHashMap<>();
    /** When the call that got each ack was sent. */
    private final Map<String, Long> ackSentAtNanos = new ConcurrentHashMap<>();
    private final Set<String> inDoubt = ConcurrentHashMap.newKeySet();
    private final Map<Integer, Integer> statuses = new ConcurrentHashMap<>();
    private final java.util.Queue<Long> errorsAtNanos = new java.util.concurrent.ConcurrentLinkedQueue<>();
    private final AtomicLong sequence = new AtomicLong();
    private final AtomicBoolean running = new AtomicBoolean();
    private final List<Thread> threads = new ArrayList<>();
    private volatile String prefix = "p";

    /** Pays from {@code payer} to {@code payee} through {@code url} (a node, or a load balancer in front). */
    PaymentLoad(String url, Ed25519.KeyPair payer, String payee) {
        this.client = new PouwClient(URI.create(url), payer, Duration.ofSeconds(30), Clock.system());
        this.payer = payer.did().toString();
        this.payee = payee;
    }

    /** Starts {@code threads} paying in a loop; keys are {@code prefix-n}. */
    void start(String keyPrefix, int threadCount) {
        prefix = keyPrefix;
        running.set(true);
        for (int i = 0; i < threadCount; i++) {
            threads.add(Thread.ofVirtual().start(() -> {
                while (running.get()) {
                    if (!pay(prefix + "-" + sequence.incrementAndGet())) {
                        sleep(PAUSE_AFTER_ERROR_MS);
                    }
                }
            }));
        }
    }

    /** Stops the threads and waits for their calls in flight. */
    void stop() throws InterruptedException {
        running.set(false);
        for (Thread thread : threads) {
            thread.join();
        }
        threads.clear();
    }

    /** One payment; true when acked. */
    boolean pay(String key) {
        long sent = System.nanoTime();
        try {
            client.ledger().transfer(payee, 1, key);
            ackedAtNanos.put(key, System.nanoTime());
            ackSentAtNanos.put(key, sent);
            inDoubt.remove(key);
            statuses.merge(200, 1, Integer::sum);
            return true;
        } catch (NodeException e) {
            statuses.merge(e.status(), 1, Integer::sum);
            errorsAtNanos.add(System.nanoTime());
            if (!ackedAtNanos.containsKey(key)) {
                inDoubt.add(key);
            }
            return false;
        }
    }

    /** Sends every in-doubt payment again with its key until each is acked; returns how many there were. */
    int settleInDoubt(Duration within) {
        int settled = 0;
        long until = System.nanoTime() + within.toNanos();
        for (String key : List.copyOf(inDoubt)) {
            while (!pay(key)) {
                if (System.nanoTime() > until) {
                    throw new AssertionError("an in-doubt payment was never acked when sent again: " + key);
                }
                sleep(200);
            }
            settled++;
        }
        return settled;
    }

    int acked() {
        return ackedAtNanos.size();
    }

    /** Payments acked with a completion after {@code nanos}. */
    long ackedAfter(long nanos) {
        return ackedAtNanos.values().stream().filter(at -> at > nanos).count();
    }

    /**
     * The earliest ack of a call sent after {@code nanos}, or -1: after a fault, the end of the unavailability
     * window (calls already in flight when it struck may still be acked before it, so they do not count).
     */
    long firstAckSentAfter(long nanos) {
        return ackSentAtNanos.entrySet().stream().filter(sent -> sent.getValue() > nanos)
                .mapToLong(sent -> ackedAtNanos.get(sent.getKey())).min().orElse(-1);
    }

    /** Calls that ended without an ack after {@code nanos}. */
    long errorsAfter(long nanos) {
        return errorsAtNanos.stream().filter(at -> at > nanos).count();
    }

    /** When the last call without an ack ended, or -1 when none did after {@code nanos}. */
    long lastErrorAfter(long nanos) {
        return errorsAtNanos.stream().filter(at -> at > nanos).mapToLong(Long::longValue).max().orElse(-1);
    }

    Set<String> inDoubt() {
        return Set.copyOf(inDoubt);
    }

    Set<String> ackedKeys() {
        return Set.copyOf(ackedAtNanos.keySet());
    }

    /** Forgets keys that a deliberate loss (the negative control, the split-brain run) is expected to lose. */
    void forget(Set<String> keys) {
        keys.forEach(ackedAtNanos::remove);
        keys.forEach(ackSentAtNanos::remove);
    }

    Map<Integer, Integer> statuses() {
        return Map.copyOf(statuses);
    }

    PouwClient client() {
        return client;
    }

    /** The ledger's entry key of this payer's transfer with {@code idempotencyKey}. */
    String entryKey(String idempotencyKey) {
        return "transfer:" + payer + ":" + idempotencyKey;
    }

    /**
     * Every entry key in the ledger, with how many times it occurs, read through {@code via}; entries must be
     * dense (seq 1, 2, 3 …), which the read also checks.
     */
    static Map<String, Integer> ledgerKeys(PouwClient via) {
        Map<String, Integer> keys = new HashMap<>();
        long cursor = 0;
        List<NodeLedgerEntry> page;
        while (!(page = via.ledger().entries(cursor, 1000)).isEmpty()) {
            for (NodeLedgerEntry entry : page) {
                if (entry.seq() != cursor + 1) {
                    throw new AssertionError("ledger entries are not dense: " + entry.seq() + " after " + cursor);
                }
                keys.merge(entry.key(), 1, Integer::sum);
                cursor = entry.seq();
            }
        }
        return keys;
    }

    /** The acked payments the ledger (read through {@code via}) does not hold: empty when none was lost. */
    Set<String> lostOf(Set<String> acked, Map<String, Integer> ledger) {
        Set<String> lost = ConcurrentHashMap.newKeySet();
        for (String key : acked) {
            if (!ledger.containsKey(entryKey(key))) {
                lost.add(key);
            }
        }
        return lost;
    }

    @Override
    public void close() throws InterruptedException {
        stop();
        client.close();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
