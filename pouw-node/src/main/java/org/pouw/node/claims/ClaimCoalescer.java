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

    private final SharedTransactions<ClaimOrder, ClaimAnswer> groups;
    private final Semaphore waiting;
    private final int maxWaiting;

    public ClaimCoalescer(JobMarket market) {
        this(market, MAX_WAITING);
    }

    /** As above with another bound (tests set it small). */
    ClaimCoalescer(JobMarket market, int maxWaiting) {
        if (maxWaiting < 1) {
            throw new IllegalArgumentException("maxWaiting must be at least 1, got " + maxWaiting);
        }
        this.groups = SharedTransactions.publishingAfter(market::claimTogetherUnpublished,
                order -> {
                    Committed<List<ClaimAnswer>> alone = market.claimTogetherUnpublished(List.of(order));
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
            return groups.run(new ClaimOrder(prover, network, request)).jobsOrThrow();
        } finally {
            waiting.release();
        }
    }
}
