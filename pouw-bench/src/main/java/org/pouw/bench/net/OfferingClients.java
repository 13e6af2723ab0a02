package org.pouw.bench.net;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.pouw.core.PouwException;
import org.pouw.core.Problem;
import org.pouw.node.chain.ChainService;

/**
 * {@link SustainedTxOffer}'s clients: {@code clients} platform threads offering transactions to the origin through
 * the API's line ({@link ChainService#offerTx}) on one fixed schedule. The transactions are nonce-major over
 * {@code senders} senders, and the one at index i belongs to sender i mod senders, so a client that takes the senders
 * congruent to it mod {@code clients} offers each of its senders' transfers in nonce order. A {@code BUSY} refusal is
 * counted and the same transaction offered again a millisecond later; any other refusal ends the run.
 */
final class OfferingClients {
    /** What the clients spent: their CPU, their time inside {@code offerTx} and waiting for a lock there. */
    record Figures(long cpuNanos, long insideNanos, long lockWaitMillis, long busy) {
    }

    private final ChainService origin;
    private final int clients;
    private final int senders;

    OfferingClients(ChainService origin, int clients, int senders) {
        this.origin = origin;
        this.clients = clients;
        this.senders = senders;
    }

    /** Offers each transaction at its time on a schedule of {@code rate} a second, all clients together. */
    Figures offer(List<byte[]> transactions, int rate) throws InterruptedException {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        if (threads.isThreadContentionMonitoringSupported()) {
            threads.setThreadContentionMonitoringEnabled(true);
        }
        long begun = System.nanoTime();
        AtomicLong cpu = new AtomicLong();
        AtomicLong inside = new AtomicLong();
        AtomicLong lockWait = new AtomicLong();
        AtomicLong busy = new AtomicLong();
        List<RuntimeException> failures = new ArrayList<>();
        List<Thread> running = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            int client = c;
            running.add(Thread.ofPlatform().name("offering-client-" + c).start(() -> {
                long cpuBegun = threads.getCurrentThreadCpuTime();
                ThreadInfo before = threads.getThreadInfo(Thread.currentThread().threadId());
                try {
                    for (int i = 0; i < transactions.size(); i++) {
                        if (i % senders % clients != client) {
                            continue;
                        }
                        long wait = begun + (long) (i * 1e9 / rate) - System.nanoTime();
                        if (wait > 0) {
                            LockSupport.parkNanos(wait);
                        }
                        long entered = System.nanoTime();
                        offerUntilTaken(transactions.get(i), i, busy);
                        inside.addAndGet(System.nanoTime() - entered);
                    }
                } catch (RuntimeException e) {
                    synchronized (failures) {
                        failures.add(e);
                    }
                } finally {
                    cpu.addAndGet(threads.getCurrentThreadCpuTime() - cpuBegun);
                    ThreadInfo after = threads.getThreadInfo(Thread.currentThread().threadId());
                    lockWait.addAndGet(after.getWaitedTime() - before.getWaitedTime() + after.getBlockedTime()
                            - before.getBlockedTime());
                }
            }));
        }
        for (Thread thread : running) {
            thread.join();
        }
        if (!failures.isEmpty()) {
            throw failures.getFirst();
        }
        return new Figures(cpu.get(), inside.get(), lockWait.get(), busy.get());
    }

    private void offerUntilTaken(byte[] transaction, int index, AtomicLong busy) {
        while (true) {
            try {
                String refused = origin.offerTx(transaction).reason();
                if (refused != null) {
                    throw new IllegalStateException("the origin refused transaction " + index + ": " + refused);
                }
                return;
            } catch (PouwException e) {
                if (e.problem() != Problem.BUSY) {
                    throw e;
                }
                busy.incrementAndGet();
                LockSupport.parkNanos(1_000_000);
            }
        }
    }
}
