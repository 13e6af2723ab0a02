package org.pouw.core.market;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import org.pouw.core.PouwException;
import org.pouw.core.Problem;
import org.pouw.core.port.Committed;

/**
 * Group commit for market writes (issue 26). On a durable database a commit waits for the disk, and a market
 * transaction that settles money holds the ledger head (and the intents and event counter) until it commits, so
 * concurrent writers queue behind each other one commit at a time. Here writes that arrive together share one
 * transaction: {@code together} serves a whole group in one, {@code alone} serves one order by itself.
 *
 * <p>At most {@code maxInFlight} groups are in flight. An order that arrives while fewer are leads at once, with no
 * timer: alone it costs what it did before. Orders that arrive while that many are in flight wait for one to end
 * (the bounded wait: one group's transaction) and then go together, up to {@code maxGroup}, led by the oldest of
 * them. More than one group in flight lets one transaction's statements run while another waits for its commit;
 * the transactions still queue where they take the same row locks. So the group
 * grows with the load and the commits per second stay at about one per commit time. When {@code together} throws
 * (an order refused, or the database failing), every order of that group is served alone, so a refusal or a
 * failure reaches only its own caller and the others are still served — unless it threw after its COMMIT
 * ({@link Problem#COMMIT_IN_DOUBT}: committed, perhaps not on the synchronous standby): then every order of the group
 * is in doubt and gets that answer, since serving any again would apply it twice.
 *
 * <p>A group's place is held for its transaction only: built with {@link #publishingAfter}, a group hands its place
 * on at the commit and then makes its events readable ({@link Committed#publish}) while the next group's statements
 * run, and its orders are answered after that, so a caller still reads its own events when answered. Publishing
 * waits for the older transactions to end and takes a short transaction of its own; inside the place it added that
 * to every group's turn and to the wait of every claim queued behind it (issue 26).
 *
 * @param <O> an order (one caller's write)
 * @param <R> its answer
 */
public final class SharedTransactions<O, R> {
    private final Function<List<O>, Committed<List<R>>> together;
    private final Function<O, Committed<R>> alone;
    private final int maxGroup;
    private final ReentrantLock lock = new ReentrantLock();
    private final ArrayDeque<Waiter<O, R>> waiting = new ArrayDeque<>();
    private final int maxInFlight;
    private int groupsInFlight;

    /**
     * {@code together} must answer a group of orders in one transaction, in the order given (all or nothing);
     * {@code alone} serves one order in its own transaction. {@code maxGroup} bounds a transaction's length.
     */
    public SharedTransactions(Function<List<O>, List<R>> together, Function<O, R> alone, int maxGroup,
                              int maxInFlight) {
        this(maxGroup, maxInFlight, orders -> Committed.published(together.apply(orders)),
                order -> Committed.published(alone.apply(order)));
    }

    /**
     * As the constructor, for writes that return at their commit and publish afterwards: a group's place is handed
     * on before its {@link Committed#publish} runs, and its orders are answered after it.
     */
    public static <O, R> SharedTransactions<O, R> publishingAfter(Function<List<O>, Committed<List<R>>> together,
                                                                Function<O, Committed<R>> alone, int maxGroup,
                                                                int maxInFlight) {
        return new SharedTransactions<>(maxGroup, maxInFlight, together, alone);
    }

    private SharedTransactions(int maxGroup, int maxInFlight, Function<List<O>, Committed<List<R>>> together,
                               Function<O, Committed<R>> alone) {
        if (maxGroup < 1) {
            throw new IllegalArgumentException("maxGroup must be at least 1, got " + maxGroup);
        }
        if (maxInFlight < 1) {
            throw new IllegalArgumentException("maxInFlight must be at least 1, got " + maxInFlight);
        }
        this.together = together;
        this.alone = alone;
        this.maxGroup = maxGroup;
        this.maxInFlight = maxInFlight;
    }

    /** What a waiting order is told: its answer, to serve itself alone, or to lead the next group. */
    private sealed interface Turn<R> {
    }

    private record Served<R>(R answer) implements Turn<R> {
    }

    private record Alone<R>() implements Turn<R> {
    }

    private record Lead<R>() implements Turn<R> {
    }

    private record InDoubt<R>(RuntimeException committed) implements Turn<R> {
    }

    private static final class Waiter<O, R> {
        final O order;
        final CompletableFuture<Turn<R>> turn = new CompletableFuture<>();

        Waiter(O order) {
            this.order = order;
        }
    }

    /** Serves {@code order}, sharing a transaction with the orders that arrive with it. */
    public R run(O order) {
        Waiter<O, R> me = new Waiter<>(order);
        Turn<R> turn;
        lock.lock();
        try {
            if (groupsInFlight < maxInFlight) {
                groupsInFlight++;
                turn = new Lead<>();
            } else {
                waiting.addLast(me);
                turn = null;
            }
        } finally {
            lock.unlock();
        }
        if (turn == null) {
            turn = await(me);
        }
        return switch (turn) {
            case Served<R> served -> served.answer();
            case Alone<R> unused -> published(alone.apply(order));
            case Lead<R> unused -> lead(me);
            case InDoubt<R> inDoubt -> throw inDoubt.committed();
        };
    }

    private static <O, R> Turn<R> await(Waiter<O, R> me) {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return me.turn.get();
                } catch (InterruptedException e) {
                    // The group will answer; the caller's interrupt is restored below.
                    interrupted = true;
                } catch (ExecutionException e) {
                    throw new IllegalStateException("a transaction group failed to answer", e.getCause());
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Runs one group (the oldest waiting orders, {@code me} first), answers it, hands the lead on. */
    private R lead(Waiter<O, R> me) {
        List<Waiter<O, R>> group = new ArrayList<>();
        group.add(me); // a leader is never in the queue, so no other group can take it
        lock.lock();
        try {
            while (!waiting.isEmpty() && group.size() < maxGroup) {
                group.add(waiting.pollFirst());
            }
        } finally {
            lock.unlock();
        }
        Committed<List<R>> answers = null;
        Committed<R> mine = null;
        RuntimeException mineFailed = null;
        RuntimeException committedInDoubt = null;
        try {
            if (group.size() == 1) {
                // Alone, inside the in-flight time all the same: the orders arriving meanwhile form the next group.
                try {
                    mine = alone.apply(me.order);
                } catch (RuntimeException e) {
                    mineFailed = e;
                }
            } else {
                try {
                    answers = together.apply(group.stream().map(waiter -> waiter.order).toList());
                } catch (RuntimeException refusedOrFailed) {
                    answers = null; // every order is served alone below: a refusal belongs to its own caller
                    if (refusedOrFailed instanceof PouwException p && p.problem() == Problem.COMMIT_IN_DOUBT) {
                        committedInDoubt = refusedOrFailed; // ... but not one that was committed
                    }
                }
            }
        } catch (Error e) {
            // Nothing was answered: the waiters serve themselves rather than wait forever.
            group.stream().filter(waiter -> waiter != me).forEach(waiter -> waiter.turn.complete(new Alone<>()));
            throw e;
        } finally {
            handOn();
        }
        if (group.size() == 1) {
            if (mineFailed != null) {
                throw mineFailed;
            }
            return published(mine);
        }
        if (committedInDoubt != null) {
            RuntimeException committed = committedInDoubt;
            group.stream().filter(waiter -> waiter != me).forEach(waiter -> waiter.turn.complete(
                    new InDoubt<>(committed)));
            throw committed;
        }
        List<R> served = null;
        if (answers != null) {
            try {
                served = published(answers); // outside the place: the next group runs meanwhile
            } catch (RuntimeException | Error e) {
                List<R> committed = answers.value(); // committed all the same: answered, never served again
                completeOthers(group, me, committed);
                throw e;
            }
        }
        completeOthers(group, me, served);
        return served != null ? served.getFirst() : published(alone.apply(me.order)); // me: the first
    }

    /** Tells every order of {@code group} but {@code me} its answer, or to serve itself alone when none came. */
    private static <O, R> void completeOthers(List<Waiter<O, R>> group, Waiter<O, R> me, List<R> answers) {
        for (int i = 0; i < group.size(); i++) {
            Waiter<O, R> waiter = group.get(i);
            if (waiter != me) {
                waiter.turn.complete(answers == null ? new Alone<>() : new Served<>(answers.get(i)));
            }
        }
    }

    /** Makes a committed write's events readable, then answers it. */
    private static <T> T published(Committed<T> committed) {
        committed.publish().run();
        return committed.value();
    }

    /** The oldest waiting order leads the next group; with none waiting, the next arrival leads. */
    private void handOn() {
        lock.lock();
        try {
            Waiter<O, R> next = waiting.pollFirst();
            if (next == null) {
                groupsInFlight--;
            } else {
                next.turn.complete(new Lead<>()); // out of the queue: it leads the group it gathers
            }
        } finally {
            lock.unlock();
        }
    }
}
