package org.pouw.chain.sim;

import java.util.PriorityQueue;
import java.util.function.BooleanSupplier;
import org.pouw.core.SettableClock;

/**
 * A discrete-event simulation (docs/chain.md §8): actions scheduled at instants of a {@link SettableClock}, run in
 * time order (ties in the order they were scheduled), the clock set to each action's instant as it runs. Nothing
 * sleeps and nothing depends on the machine, so a run with the same seed and the same schedule replays exactly.
 */
public final class Simulation {
    private record Scheduled(long atMs, long order, Runnable action) {
    }

    private final SettableClock clock;
    private final PriorityQueue<Scheduled> queue = new PriorityQueue<>((a, b) -> a.atMs != b.atMs
            ? Long.compare(a.atMs, b.atMs) : Long.compare(a.order, b.order));
    private long scheduled;
    private long ran;

    public Simulation(long startMs) {
        this.clock = new SettableClock(startMs);
    }

    public SettableClock clock() {
        return clock;
    }

    public long nowMs() {
        return clock.millis();
    }

    /** Runs {@code action} at {@code atMs}; an instant already past runs as soon as the queue reaches it. */
    public void at(long atMs, Runnable action) {
        queue.add(new Scheduled(Math.max(atMs, clock.millis()), scheduled++, action));
    }

    public void after(long delayMs, Runnable action) {
        if (delayMs < 0) {
            throw new IllegalArgumentException("delay must be >= 0, got " + delayMs);
        }
        at(Math.addExact(clock.millis(), delayMs), action);
    }

    /** Runs every action due up to {@code untilMs}, then sets the clock there. */
    public void runUntil(long untilMs) {
        while (!queue.isEmpty() && queue.peek().atMs <= untilMs) {
            runNext();
        }
        clock.set(Math.max(clock.millis(), untilMs));
    }

    /** Runs actions while {@code condition} holds and some are left, at most {@code maxActions}; how many ran. */
    public long runWhile(BooleanSupplier condition, long maxActions) {
        long before = ran;
        while (condition.getAsBoolean() && !queue.isEmpty() && ran - before < maxActions) {
            runNext();
        }
        return ran - before;
    }

    public int pending() {
        return queue.size();
    }

    private void runNext() {
        Scheduled next = queue.poll();
        clock.set(next.atMs);
        ran++;
        next.action.run();
    }
}
