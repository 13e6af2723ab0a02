package org.pouw.node.claims;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.locks.ReentrantLock;
import org.pouw.core.id.Did;
import org.pouw.core.job.ClaimRequest;
import org.pouw.core.job.Job;
import org.pouw.core.market.ClaimOrder;
import org.pouw.core.market.JobMarket;

/**
 * Group commit for claims (issue 26, item 4). On a durable database every claim's commit waits for the disk (a few
 * milliseconds here), and at a thousand single-job claims a second that wait, one connection each, filled the
 * writer pool: a third of the claims were turned away busy. Here concurrent claims share one transaction and so one
 * commit ({@link JobMarket#claimTogether}).
 *
 * <p>At most one group is in flight per node. A claim that arrives while none is leads at once, with no timer:
 * alone it costs what it did before. Claims that arrive while a group is in flight wait for it to end (the bounded
 * wait: one group's transaction) and then go together, up to {@link #MAX_GROUP}, led by the oldest of them. So the
 * group grows with the load and the commits per second stay at about one per commit time. An order the market
 * refuses fails the whole group's transaction; then every order of that group is served alone, so a refusal reaches
 * only its own caller and the others still get their jobs.
 */
public final class ClaimCoalescer {
    /** Bounds one transaction's length (and so the wait of the claims behind it). */
    public static final int MAX_GROUP = 64;

    private final JobMarket market;
    private final ReentrantLock lock = new ReentrantLock();
    private final ArrayDeque<Waiter> waiting = new ArrayDeque<>();
    private boolean groupInFlight;

    public ClaimCoalescer(JobMarket market) {
        this.market = market;
    }

    /** What a waiting claim is told: its jobs, to serve itself alone, or to lead the next group. */
    private sealed interface Turn {
    }

    private record Served(List<Job> jobs) implements Turn {
    }

    private record Alone() implements Turn {
    }

    private record Lead() implements Turn {
    }

    private static final class Waiter {
        final ClaimOrder order;
        final CompletableFuture<Turn> turn = new CompletableFuture<>();

        Waiter(ClaimOrder order) {
            this.order = order;
        }
    }

    /** As {@link JobMarket#claim(Did, String, ClaimRequest)}, sharing a transaction with concurrent claims. */
    public List<Job> claim(Did prover, String network, ClaimRequest request) {
        Waiter me = new Waiter(new ClaimOrder(prover, network, request));
        Turn turn;
        lock.lock();
        try {
            waiting.addLast(me);
            turn = groupInFlight ? null : new Lead();
            groupInFlight = true;
        } finally {
            lock.unlock();
        }
        if (turn == null) {
            turn = await(me);
        }
        return switch (turn) {
            case Served served -> served.jobs();
            case Alone alone -> market.claim(prover, network, request);
            case Lead lead -> lead(me);
        };
    }

    private static Turn await(Waiter me) {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return me.turn.get();
                } catch (InterruptedException e) {
                    // The group will answer; the caller's interrupt is restored below.
                    interrupted = true;
                } catch (ExecutionException e) {
                    throw new IllegalStateException("a claim group failed to answer", e.getCause());
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Runs one group (the oldest waiting claims, {@code me} first), answers it, hands the lead on. */
    private List<Job> lead(Waiter me) {
        List<Waiter> group = new ArrayList<>();
        lock.lock();
        try {
            while (!waiting.isEmpty() && group.size() < MAX_GROUP) {
                group.add(waiting.pollFirst());
            }
        } finally {
            lock.unlock();
        }
        List<List<Job>> answers = null;
        List<Job> alone = null;
        RuntimeException aloneFailed = null;
        try {
            if (group.size() == 1) {
                // Alone, inside the in-flight time all the same: the claims arriving meanwhile form the next group.
                try {
                    alone = market.claim(me.order.prover(), me.order.network(), me.order.request());
                } catch (RuntimeException e) {
                    aloneFailed = e;
                }
            } else {
                try {
                    answers = market.claimTogether(group.stream().map(waiter -> waiter.order).toList());
                } catch (RuntimeException refusedOrFailed) {
                    answers = null; // every order is served alone below: a refusal belongs to its own caller
                }
            }
        } finally {
            handOn();
        }
        if (aloneFailed != null) {
            throw aloneFailed;
        }
        if (alone != null) {
            return alone;
        }
        List<Job> mine = null;
        for (int i = 0; i < group.size(); i++) {
            Waiter waiter = group.get(i);
            if (waiter == me) {
                mine = answers == null ? null : answers.get(i);
            } else {
                waiter.turn.complete(answers == null ? new Alone() : new Served(answers.get(i)));
            }
        }
        return mine != null ? mine : market.claim(me.order.prover(), me.order.network(), me.order.request());
    }

    /** The oldest waiting claim leads the next group; with none waiting, the next arrival leads. */
    private void handOn() {
        lock.lock();
        try {
            Waiter next = waiting.pollFirst();
            if (next == null) {
                groupInFlight = false;
            } else {
                waiting.addFirst(next);
                next.turn.complete(new Lead());
            }
        } finally {
            lock.unlock();
        }
    }
}
