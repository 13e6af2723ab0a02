package org.pouw.store.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.pouw.core.SettableClock;
import org.pouw.core.id.Did;
import org.pouw.core.id.JobId;
import org.pouw.core.job.ClaimRequest;
import org.pouw.core.job.Job;
import org.pouw.core.job.Tier;
import org.pouw.core.market.JobMarket;
import org.pouw.store.support.AuditedEchoKind;
import org.pouw.store.support.EchoKind;
import org.pouw.store.support.MarketBench;
import org.pouw.store.support.SampleJobs;

/**
 * The fee-priority queue (issue 27, item 2): a claim hands out the best-paying work the worker can take, then the
 * earliest deadline, then the oldest. Among jobs that pay the same, the queue is still first in, first out. On every
 * storage adapter.
 */
public abstract class ClaimByPayContract extends StorageTestBase {
    private static final Did WORKER = Did.of(SampleJobs.did("worker"));

    private final SettableClock clock = new SettableClock(1_700_000_000_000L);
    private MarketBench bench;
    private JobMarket market;

    @BeforeEach
    void openMarket() {
        bench = new MarketBench(storage, clock);
        bench.fund(MarketBench.CLIENT, 100_000_000);
        market = bench.market();
    }

    private JobId post(long fee) {
        clock.advance(1); // later intents are younger
        return bench.open(1, fee).jobs().getFirst().jobId();
    }

    private List<JobId> claim(int max, List<String> kinds) {
        List<JobId> ids = new ArrayList<>();
        for (Job job : market.claim(WORKER, new ClaimRequest(kinds, List.of(), max, 0))) {
            ids.add(job.jobId());
        }
        return ids;
    }

    @Test
    void a_higher_paying_job_overtakes_a_backlog() {
        List<JobId> backlog = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            backlog.add(post(1_000));
        }
        JobId generous = post(5_000);
        JobId better = post(2_000);

        assertThat(claim(1, List.of())).containsExactly(generous);
        assertThat(claim(1, List.of())).containsExactly(better);
        assertThat(claim(1, List.of())).containsExactly(backlog.getFirst());
    }

    @Test
    void among_jobs_that_pay_the_same_the_oldest_goes_first() {
        List<JobId> posted = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            posted.add(post(1_000));
        }
        List<JobId> claimed = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            claimed.addAll(claim(5, List.of()));
        }
        assertThat(claimed).as("first in, first out").containsExactlyElementsOf(posted);
    }

    @Test
    void the_best_paying_job_is_chosen_among_those_the_worker_can_take() {
        JobId echo = post(1_000);
        clock.advance(1);
        JobId audited = bench.openAudited(9_000, false).jobs().getFirst().jobId();

        assertThat(claim(1, List.of(EchoKind.NAME))).as("the richer job is of a kind this worker does not run")
                .containsExactly(echo);
        assertThat(claim(1, List.of(AuditedEchoKind.NAME))).containsExactly(audited);
    }

    @Test
    void a_claim_of_many_takes_the_best_paying_and_returns_them_in_creation_order() {
        JobId cheapOld = post(1_000);
        JobId dearOld = post(3_000);
        JobId cheapYoung = post(1_000);
        JobId dearYoung = post(3_000);

        List<Job> leased = market.claim(WORKER, new ClaimRequest(List.of(), List.of(Tier.MICRO), 2, 0));
        assertThat(leased).extracting(Job::jobId).containsExactly(dearOld, dearYoung);
        assertThat(claim(2, List.of())).containsExactly(cheapOld, cheapYoung);
    }

    @Test
    void a_worker_is_offered_only_jobs_that_pay_at_least_its_ask() {
        JobId cheap = post(1_000); // reward 900
        JobId fair = post(3_000); // reward 2,700
        JobId cheapToo = post(1_000);

        List<Job> asked = market.claim(WORKER, new ClaimRequest(List.of(), List.of(), 10, 0, false, 901));
        assertThat(asked).extracting(Job::jobId).containsExactly(fair);
        assertThat(asked).allSatisfy(job -> assertThat(job.rewardBudget()).isGreaterThanOrEqualTo(901));
        assertThat(market.claim(WORKER, new ClaimRequest(List.of(), List.of(), 10, 0, false, 2_701))).isEmpty();
        assertThat(claim(10, List.of())).as("without an ask, the rest").containsExactly(cheap, cheapToo);
    }
}
