package org.pouw.store.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.pouw.core.SettableClock;
import org.pouw.core.id.Did;
import org.pouw.core.job.ClaimRequest;
import org.pouw.core.job.Job;
import org.pouw.core.market.ClaimOrder;
import org.pouw.core.market.JobMarket;
import org.pouw.core.market.IntentRecord;
import org.pouw.core.market.LevelConsequences;
import org.pouw.core.market.MarketObserver;
import org.pouw.core.market.MarketSettings;
import org.pouw.core.market.Submission;
import org.pouw.core.port.StoreTx;
import org.pouw.core.work.WorkKinds;
import org.pouw.store.support.EchoKind;
import org.pouw.store.support.MarketBench;
import org.pouw.store.support.SampleJobs;

/**
 * The held-lease count admission reads with levels on (issue 27; migration V40) against a recount of the jobs table,
 * on every storage adapter, after each way a lease begins, moves or ends. A count below the truth would grant a
 * prover more leases than its level allows; one above it would lock an honest prover out.
 */
public abstract class HeldLeaseCountContract extends StorageTestBase {
    private static final long FEE = 10_000;
    private static final long LEASE_MS = 60_000;
    private static final Did A = Did.of(SampleJobs.did("prover-a"));
    private static final Did B = Did.of(SampleJobs.did("prover-b"));
    private static final Did C = Did.of(SampleJobs.did("prover-c"));
    private static final Did ADMIN = Did.of(SampleJobs.did("admin"));
    private static final List<Did> PROVERS = List.of(A, B, C);

    private final SettableClock clock = new SettableClock(1_700_000_000_000L);
    private MarketBench bench;
    private JobMarket market;
    private IntentRecord first;

    @BeforeEach
    void openMarket() {
        bench = new MarketBench(storage, clock, new WorkKinds(List.of(new EchoKind())), MarketObserver.NONE,
                MarketSettings.defaults().withCreditUnit(1_000).withLevels(new LevelConsequences(true, 64, 600_000,
                        8)));
        market = bench.market();
        bench.fund(MarketBench.CLIENT, 100_000_000);
        first = bench.openFor(MarketBench.CLIENT, 40, FEE);
    }

    private List<Job> claim(Did prover, int jobs, long leaseMs) {
        return market.claim(prover, new ClaimRequest(List.of(EchoKind.NAME), List.of(), jobs, leaseMs));
    }

    /**
     * The count as admission reads it, one prover at a time and all at once, equals the jobs the prover holds; and
     * again after the changes are folded (PostgreSQL appends a change a lease and the reaper folds them).
     */
    private void countsMatch(String after) {
        countsMatchNow(after);
        storage.write((StoreTx tx) -> tx.jobs().foldHeldLeases());
        countsMatchNow(after + ", folded");
    }

    private void countsMatchNow(String after) {
        Map<String, Integer> recounted = new HashMap<>();
        Map<String, Integer> single = new HashMap<>();
        Map<String, Integer> grouped = storage.read((StoreTx tx) -> {
            for (Did prover : PROVERS) {
                recounted.put(prover.text(), tx.jobs().leasedBy(prover.text(), 10_000).size());
                single.put(prover.text(), tx.standing().heldLeases(prover.text()));
            }
            return tx.standing().heldLeases(PROVERS.stream().map(Did::text).toList());
        });
        for (Did prover : PROVERS) {
            assertThat(single.get(prover.text())).as("%s: %s's count", after, prover)
                    .isEqualTo(recounted.get(prover.text()));
            assertThat(grouped.getOrDefault(prover.text(), 0)).as("%s: %s's count in a group", after, prover)
                    .isEqualTo(recounted.get(prover.text()));
        }
    }

    @Test
    void the_count_follows_every_lease_transition() {
        countsMatch("nothing claimed");
        List<Job> a = new ArrayList<>(claim(A, 4, LEASE_MS));
        market.claimTogether(List.of(new ClaimOrder(B, "", new ClaimRequest(List.of(EchoKind.NAME), List.of(), 3,
                LEASE_MS)), new ClaimOrder(C, "", new ClaimRequest(List.of(EchoKind.NAME), List.of(), 2, 1_000))));
        countsMatch("a claim and a claim group");
        assertThat(storage.read((StoreTx tx) -> tx.standing().heldLeases(A.text()))).isEqualTo(4);

        bench.prove(A, a.removeFirst());
        countsMatch("an accepted submission");
        Job rejected = a.removeFirst();
        assertThat(market.submit(rejected.jobId(), A, rejected.leaseToken(), "wrong".getBytes()).verdict()
                .accepted()).isFalse();
        countsMatch("a rejected submission");
        Job batchOne = a.removeFirst();
        market.submitAll(A, List.of(new Submission(batchOne.jobId(), batchOne.leaseToken(),
                EchoKind.proofFor(batchOne.params()))));
        countsMatch("a batch of submissions");
        Job renewed = a.removeFirst();
        market.renew(renewed.jobId(), A, renewed.leaseToken(), LEASE_MS);
        countsMatch("a renewal");
        market.release(renewed.jobId(), A, renewed.leaseToken());
        countsMatch("a release");

        List<Job> b = market.leasesOf(B, 10);
        market.fail(b.getFirst().jobId(), B, b.getFirst().leaseToken(), "walked away");
        countsMatch("a failure");
        market.operator().cancelJob(ADMIN, b.get(1).jobId(), "undeliverable");
        countsMatch("an operator's cancellation");
        market.operator().ban(ADMIN, B.text(), "test");
        countsMatch("a ban ending the prover's leases");

        clock.advance(2_000); // C's leases of a second have lapsed, unreaped: still held until the reaper ends them
        List<Job> reclaimed = claim(A, 4, LEASE_MS);
        assertThat(reclaimed).isNotEmpty();
        countsMatch("a claim beside lapsed leases");
        claim(C, 1, 1_000);
        clock.advance(2_000);
        market.reap(100);
        countsMatch("expiry by the reaper");

        bench.prove(A, reclaimed.getFirst());
        market.operator().cancelIntent(ADMIN, first.intent().intentId(), "withdrawn");
        countsMatch("an operator's cancellation of a whole intent, leases held");
        bench.openFor(MarketBench.CLIENT, 2, FEE);
        assertThat(claim(A, 1, LEASE_MS)).hasSize(1);
        long now = clock.millis();
        int moved = storage.write((StoreTx tx) -> tx.jobs().archiveFinished(now, now, 1_000));
        assertThat(moved).as("the first intent's jobs, all final").isEqualTo(40);
        countsMatch("finished jobs moved to the history tables, a lease held");
    }
}
