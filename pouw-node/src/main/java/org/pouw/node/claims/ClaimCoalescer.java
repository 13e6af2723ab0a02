package org.pouw.node.claims;

import java.util.List;
import java.util.concurrent.Semaphore;
import org.pouw.core.id.Did;
import org.pouw.core.job.ClaimRequest;
import org.pouw.core.job.Job;
import org.pouw.core.market.ClaimAnswer;
import org.pouw.core.market.ClaimOrder;
import org.pouw.core.market.JobMarket;
import org.pouw.core.market.SharedTransactions;
import org.pouw.core.port.Committed;
import org.pouw.store.ConnectionGate;

/**
 * Group commit for claims (issue 26, item 4). On a durable database every claim's commit waits for the disk (a few
 * milliseconds here), and at a thousand single-job claims a second that wait, one connection each, filled the
 * writer pool: a third of the claims were turned away busy. Here concurrent claims share one transaction and so one
 * commit ({@link JobMarket#claimTogether}), grouped as {@link SharedTransactions} describes: a claim that arrives
 * while no group is in flight goes at once, the ones that arrive meanwhile go together next. An order the market
 * refuses (a quarantined or banned prover, a full new-prover cap) is answered with its refusal inside the group,
 * which serves the others all the same; only a failing database sends every order of its group to be served alone.
 * A group holds its place until its commit only: the publication of its {@code job.claimed} events runs while the
 * next group's statements do ({@link SharedTransactions#publishingAfter}), and its claims are answered after it.
 *
 * <p>The stated bound: at most {@link #MAX_WAITING} claims wait or run at once; the next is refused at once as busy
 * (503 with Retry-After) instead of queueing behind groups it could not be served by for seconds. Past what the
 * database can serve, claims are refused, never left to wait without end.
 */
public final class ClaimCoalescer {
    /** Bounds one transaction's length (and so the wait of the claims behind it). */
    public static final int MAX_GROUP = 64;
    /** Two groups at once: one group's statements run while the other waits for its commit. */
    public static final int MAX_IN_FLIGHT = 2;
    /** Claims waiting or running at most: sixteen full groups, about sixteen commits' wait. */
    public static final int MAX_WAITING = 16 * MAX_GROUP;

    private final SharedTransactions<Timed, ClaimAnswer> groups;
    private final Semaphore waiting;
    private final int maxWaiting;
    /** A benchmark's record of where the claims' time goes; null: nothing recorded, no clock read. */
    private final ClaimPhases phases;

    public ClaimCoalescer(JobMarket market) {
        this(market, MAX_WAITING, null);
    }

    /** As above, recording each answered claim's phases in {@code phases} (a benchmark's print-out). */
    public ClaimCoalescer(JobMarket market, ClaimPhases phases) {
        this(market, MAX_WAITING, phases);
    }

    /** As above with another bound (tests set it small). */
    ClaimCoalescer(JobMarket market, int maxWaiting) {
        this(market, maxWaiting, null);
    }

    private ClaimCoalescer(JobMarket market, int maxWaiting, ClaimPhases phases) {
        if (maxWaiting < 1) {
            throw new IllegalArgumentException("maxWaiting must be at least 1, got " + maxWaiting);
        }
        this.phases = phases;
        this.groups = SharedTransactions.publishingAfter(orders -> serve(market, orders),
                order -> {
                    Committed<List<ClaimAnswer>> alone = serve(market, List.of(order));
                    return alone.withValue(alone.value().getFirst());
                }, MAX_GROUP, MAX_IN_FLIGHT);
        this.waiting = new Semaphore(maxWaiting);
        this.maxWaiting = maxWaiting;
    }

    /** As {@link JobMarket#claim(Did, String, ClaimRequest)}, sharing a transaction with concurrent claims. */
    public List<Job> claim(Did prover, String network, ClaimRequest request) {
        if (!waiting.tryAcquire()) {
            throw ConnectionGate.busy(maxWaiting + " claims already wait for the database");
        }
        try {
            Timed order = new Timed(new ClaimOrder(prover, network, request), phases == null ? 0 : System.nanoTime());
            List<Job> jobs = groups.run(order).jobsOrThrow();
            if (phases != null) {
                phases.record(order.arrived, order.group);
            }
            return jobs;
        } finally {
            waiting.release();
        }
    }

    /** Serves a group, marking its phases when they are recorded. */
    private Committed<List<ClaimAnswer>> serve(JobMarket market, List<Timed> orders) {
        List<ClaimOrder> plain = orders.stream().map(Timed::order).toList();
        if (phases == null) {
            return market.claimTogetherUnpublished(plain);
        }
        ClaimPhases.Group group = ClaimPhases.Group.startingNow();
        orders.forEach(order -> order.group = group); // the last group to serve an order is the one that answered it
        Committed<List<ClaimAnswer>> committed = market.claimTogetherUnpublished(plain, group);
        group.committed();
        return new Committed<>(committed.value(), () -> {
            committed.publish().run();
            group.published();
        });
    }

    /** A claim, with its arrival and the group that served it when phases are recorded. */
    private static final class Timed {
        private final ClaimOrder order;
        private final long arrived;
        private ClaimPhases.Group group;

        Timed(ClaimOrder order, long arrived) {
            this.order = order;
            this.arrived = arrived;
        }

        ClaimOrder order() {
            return order;
        }
    }
}
