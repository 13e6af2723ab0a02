package org.pouw.store.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.pouw.core.PouwException;
import org.pouw.core.Problem;
import org.pouw.core.SettableClock;
import org.pouw.core.id.Did;
import org.pouw.core.id.JobId;
import org.pouw.core.job.ClaimRequest;
import org.pouw.core.job.Job;
import org.pouw.core.job.JobNeeds;
import org.pouw.core.job.QueueStats;
import org.pouw.core.job.Tier;
import org.pouw.core.job.WorkerCapacity;
import org.pouw.core.market.ClaimAnswer;
import org.pouw.core.market.ClaimOrder;
import org.pouw.core.market.IntentDraft;
import org.pouw.core.market.JobCaps;
import org.pouw.core.market.JobMarket;
import org.pouw.core.market.MarketObserver;
import org.pouw.core.market.PlannedJob;
import org.pouw.core.port.StoreTx;
import org.pouw.core.work.WorkKinds;
import org.pouw.store.support.EchoKind;
import org.pouw.store.support.MarketBench;
import org.pouw.store.support.SampleJobs;

/**
 * Matching by capability (issue 27, item 3; docs/economics.md, "Matching by capability"): a worker that declares its
 * memory or its largest job is offered only the jobs that fit, in single claims and in claim groups alike;
 * declarations only filter; work no worker could deliver is refused at posting, naming the field, and changes
 * nothing. On every storage adapter (on PostgreSQL the group goes through the claim-group function).
 */
public abstract class CapabilityMatchContract extends StorageTestBase {
    private static final Did CLIENT = Did.of(MarketBench.CLIENT);
    private static final Did SMALL = Did.of(SampleJobs.did("small-worker"));
    private static final Did LARGE = Did.of(SampleJobs.did("large-worker"));
    private static final JobCaps CAPS = new JobCaps(8_192, 1_000_000);

    private final SettableClock clock = new SettableClock(1_700_000_000_000L);
    private JobMarket market;
    private int intents;

    @BeforeEach
    void openMarket() {
        MarketBench bench = new MarketBench(storage, clock, new WorkKinds(List.of(new EchoKind())),
                MarketObserver.NONE, MarketBench.SETTINGS.withJobCaps(CAPS));
        market = bench.market();
        bench.fund(CLIENT.text(), 10_000_000);
    }

    /** One job of {@code units} work units needing {@code memoryMb}, paying from {@code fee}; its id. */
    private JobId post(long fee, long units, long memoryMb) {
        return market.open(draft(fee, units, new JobNeeds(memoryMb, 1_000, "model"))).jobs().getFirst().jobId();
    }

    private IntentDraft draft(long fee, long units, JobNeeds needs) {
        clock.advance(1);
        int number = ++intents;
        String traceRef = storage.blobs().put(("trace " + number).getBytes());
        return new IntentDraft(CLIENT, SampleJobs.hash("program"), "[1]", 10_000, Tier.MACRO, fee, "[2]", 10,
                SampleJobs.hash32("trace " + number), traceRef, List.of(new PlannedJob(EchoKind.NAME,
                SampleJobs.hash32("segment " + number), traceRef, "{\"intent\":" + number + "}", units, needs)));
    }

    private static ClaimRequest claim(int max, WorkerCapacity capacity) {
        return new ClaimRequest(List.of(), List.of(), max, 0, false, 0, capacity);
    }

    private List<JobId> ids(List<Job> jobs) {
        return jobs.stream().map(Job::jobId).toList();
    }

    @Test
    void a_worker_declaring_its_memory_is_offered_only_jobs_that_fit_it() {
        JobId big = post(9_000, 1, 6_000);
        JobId small = post(1_000, 1, 512);
        JobId unstated = post(1_000, 1, 0);

        assertThat(ids(market.claim(SMALL, claim(10, new WorkerCapacity(1_024, 0)))))
                .as("the best-paying job needs 6,000 MiB; this worker has 1,024").containsExactly(small, unstated);
        assertThat(ids(market.claim(LARGE, claim(10, new WorkerCapacity(8_192, 0))))).containsExactly(big);
    }

    @Test
    void a_worker_declaring_its_largest_job_is_offered_none_larger() {
        JobId large = post(9_000, 5_000, 0);
        JobId fits = post(1_000, 100, 0);

        assertThat(ids(market.claim(SMALL, claim(10, new WorkerCapacity(0, 1_000))))).containsExactly(fits);
        assertThat(market.claim(SMALL, claim(10, new WorkerCapacity(0, 4_999)))).isEmpty();
        assertThat(ids(market.claim(LARGE, claim(10, new WorkerCapacity(0, 5_000))))).containsExactly(large);
    }

    @Test
    void a_claim_group_honours_each_orders_declarations() {
        JobId big = post(9_000, 10, 6_000);
        JobId small = post(1_000, 10, 256);

        List<ClaimAnswer> answers = market.claimTogether(List.of(
                new ClaimOrder(SMALL, "", claim(1, new WorkerCapacity(1_024, 0))),
                new ClaimOrder(LARGE, "", claim(1, WorkerCapacity.UNDECLARED))));
        assertThat(ids(answers.get(0).jobsOrThrow()))
                .as("the small worker, first in the group, still skips the big job")
                .containsExactly(small);
        assertThat(ids(answers.get(1).jobsOrThrow())).containsExactly(big);
    }

    @Test
    void declarations_only_filter_declaring_more_earns_no_better_place() {
        JobId first = post(1_000, 1, 100);
        JobId second = post(1_000, 1, 100);

        assertThat(ids(market.claim(LARGE, claim(1, new WorkerCapacity(1L << 30, 1L << 40)))))
                .as("a boastful declaration is served as any other, oldest first among equals").containsExactly(first);
        assertThat(ids(market.claim(SMALL, claim(1, WorkerCapacity.UNDECLARED)))).containsExactly(second);
    }

    @Test
    void work_no_worker_could_deliver_is_refused_at_posting_naming_the_field_and_changes_nothing() {
        long balance = storage.read((StoreTx tx) -> tx.ledger().balance(CLIENT.text()));
        QueueStats before = storage.read((StoreTx tx) -> tx.jobs().stats());

        assertThatThrownBy(() -> market.open(draft(1_000, 1, new JobNeeds(CAPS.memoryMb() + 1, 0, "model"))))
                .isInstanceOfSatisfying(PouwException.class, e -> {
                    assertThat(e.problem()).isEqualTo(Problem.INVALID_REQUEST);
                    assertThat(e.field()).isEqualTo("model");
                    assertThat(e.getMessage()).contains("8193 MiB", "market.max_job_memory_mb");
                });
        assertThatThrownBy(() -> market.open(draft(1_000, 1, new JobNeeds(1, CAPS.resultBytes() + 1, "model"))))
                .isInstanceOfSatisfying(PouwException.class, e -> {
                    assertThat(e.field()).isEqualTo("model");
                    assertThat(e.getMessage()).contains("1000001 bytes", "http.max_upload_bytes");
                });
        assertThat(storage.read((StoreTx tx) -> tx.ledger().balance(CLIENT.text()))).isEqualTo(balance);
        assertThat(storage.read((StoreTx tx) -> tx.jobs().stats())).isEqualTo(before);
        assertThat(market.open(draft(1_000, 1, new JobNeeds(CAPS.memoryMb(), CAPS.resultBytes(), "model"))).jobs())
                .as("at the caps exactly").hasSize(1);
    }
}
