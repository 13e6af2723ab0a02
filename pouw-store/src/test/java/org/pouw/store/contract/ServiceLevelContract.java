package org.pouw.store.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.pouw.core.SettableClock;
import org.pouw.core.id.Did;
import org.pouw.core.job.ClaimRequest;
import org.pouw.core.job.Job;
import org.pouw.core.market.HistorySettings;
import org.pouw.core.market.JobMarket;
import org.pouw.core.market.MarketObserver;
import org.pouw.core.market.MarketView;
import org.pouw.core.market.ServiceLevels;
import org.pouw.core.port.QueueDepth;
import org.pouw.core.port.StoreTx;
import org.pouw.core.work.WorkKinds;
import org.pouw.store.support.EchoKind;
import org.pouw.store.support.MarketBench;
import org.pouw.store.support.SampleJobs;

/**
 * Service levels and the market's public state (issue 27, items 1 and 5; docs/economics.md, "Service levels"): the
 * time to proof and the deadline kept are measured per kind and tier, per prover and per requester, over the jobs
 * completed in the window, wherever they are stored (the hot table or the history), and the depth counts the open
 * work. On every storage adapter, since the numbers are read by SQL each adapter runs.
 */
public abstract class ServiceLevelContract extends StorageTestBase {
    private static final Did PUNCTUAL = Did.of(SampleJobs.did("punctual"));
    private static final Did TARDY = Did.of(SampleJobs.did("tardy"));
    private static final long HOUR = 3_600_000L;

    private final SettableClock clock = new SettableClock(1_700_000_000_000L);
    private MarketBench bench;
    private JobMarket market;

    @BeforeEach
    void openMarket() {
        // Finished jobs move to the history tables a minute after they were posted, so the view must read both.
        bench = new MarketBench(storage, clock, new WorkKinds(List.of(new EchoKind())), MarketObserver.NONE,
                MarketBench.SETTINGS.withHistory(new HistorySettings(60_000, 0)));
        market = bench.market();
        bench.fund(MarketBench.CLIENT, 10_000_000);
    }

    private Job claim(Did prover) {
        return market.claim(prover, new ClaimRequest(List.of(), List.of(), 1, MarketBench.SETTINGS.maxLeaseMs()))
                .getFirst();
    }

    private void prove(Did prover, Job job) {
        market.submit(job.jobId(), prover, job.leaseToken(), EchoKind.proofFor(job.params()));
    }

    @Test
    void time_to_proof_and_the_deadline_kept_are_measured_per_kind_tier_prover_and_requester() {
        long ttl = MarketBench.SETTINGS.jobTtlMs();
        // Three jobs proven 1, 2 and 3 seconds after posting, by the punctual prover.
        for (int i = 1; i <= 3; i++) {
            bench.open(1, 1_000);
            Job job = claim(PUNCTUAL);
            clock.advance(i * 1_000L);
            prove(PUNCTUAL, job);
        }
        // One job claimed just before its deadline and proven after it (before any reaper pass): late work.
        bench.open(1, 1_000);
        clock.advance(ttl - 1_000);
        Job late = claim(TARDY);
        clock.advance(2_000);
        prove(TARDY, late);
        Job stored = market.job(late.jobId()).orElseThrow();
        assertThat(ServiceLevels.onTime(stored)).as("completed after its deadline").isFalse();
        assertThat(ServiceLevels.timeToProofMs(stored)).isEqualTo(ttl + 1_000);

        MarketView view = market.view(2 * HOUR);

        ServiceLevels.Level micro = view.levels().byKindTier().get(new ServiceLevels.KindTier(EchoKind.NAME, "micro"));
        assertThat(micro.completed()).isEqualTo(4);
        assertThat(micro.onTime()).isEqualTo(3);
        assertThat(micro.onTimePermille()).isEqualTo(750);
        assertThat(micro.p50Ms()).as("nearest rank: the 2nd of 4").isEqualTo(2_000);
        assertThat(micro.p95Ms()).as("nearest rank: the 4th of 4").isEqualTo(ttl + 1_000);
        assertThat(view.levels().byProver().get(PUNCTUAL.text()).onTimePermille()).isEqualTo(1000);
        assertThat(view.levels().byProver().get(TARDY.text()).onTimePermille()).isZero();
        assertThat(view.levels().ofRequester(MarketBench.CLIENT).get(new ServiceLevels.KindTier(EchoKind.NAME,
                "micro")).completed()).isEqualTo(4);
        assertThat(view.levels().ofRequester(PUNCTUAL.text())).as("a prover that posted nothing").isEmpty();
        assertThat(view.perHour(micro.completed())).isEqualTo(2);
        assertThat(view.truncated()).isFalse();
    }

    @Test
    void jobs_moved_to_history_still_count_and_jobs_before_the_window_do_not() {
        bench.open(1, 1_000);
        Job early = claim(PUNCTUAL);
        clock.advance(500);
        prove(PUNCTUAL, early);
        clock.advance(2 * HOUR);
        bench.open(1, 1_000);
        Job recent = claim(PUNCTUAL);
        clock.advance(700);
        prove(PUNCTUAL, recent);
        clock.advance(120_000);
        market.reap(100); // moves both finished jobs to the history tables
        assertThat(storage.read((StoreTx tx) -> tx.jobs().stats()).completedCount()).as("both moved to history")
                .isZero();

        MarketView view = market.view(HOUR);
        assertThat(view.sampled()).as("the early job completed before the window").isEqualTo(1);
        ServiceLevels.Level micro = view.levels().byKindTier().get(new ServiceLevels.KindTier(EchoKind.NAME, "micro"));
        assertThat(micro.p50Ms()).isEqualTo(700);
    }

    @Test
    void the_depth_counts_waiting_jobs_their_work_units_and_leases_per_kind_and_tier() {
        bench.open(3, 3_000);
        bench.open(2, 2_000);
        claim(PUNCTUAL);

        List<QueueDepth> depth = market.view(HOUR).depth();

        assertThat(depth).hasSize(1);
        QueueDepth echo = depth.getFirst();
        assertThat(echo.kind()).isEqualTo(EchoKind.NAME);
        assertThat(echo.pendingJobs()).isEqualTo(4);
        assertThat(echo.pendingWorkUnits()).isPositive();
        assertThat(echo.leasedJobs()).isEqualTo(1);
        Map<ServiceLevels.KindTier, ServiceLevels.Level> none = market.view(HOUR).levels().byKindTier();
        assertThat(none).as("nothing completed yet").isEmpty();
    }
}
