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
import org.pouw.core.job.ClaimRequest;
import org.pouw.core.job.Job;
import org.pouw.core.job.QueueStats;
import org.pouw.core.job.Tier;
import org.pouw.core.market.IntentDraft;
import org.pouw.core.market.IntentRecord;
import org.pouw.core.market.JobMarket;
import org.pouw.core.market.MarketObserver;
import org.pouw.core.market.MarketSettings;
import org.pouw.core.market.PlannedJob;
import org.pouw.core.port.StoreTx;
import org.pouw.core.work.WorkKinds;
import org.pouw.store.support.ConcurrentCalls;
import org.pouw.store.support.EchoKind;
import org.pouw.store.support.MarketBench;
import org.pouw.store.support.SampleJobs;

/**
 * Pending work per identity is capped (issue 27, item 1; docs/economics.md, "Open work per requester"): one
 * requester cannot fill the queue, however much it pays, and what it was refused changed nothing. On every storage
 * adapter; the concurrent test is the one a missing per-requester lock fails on PostgreSQL.
 */
public abstract class OpenWorkCapContract extends StorageTestBase {
    private static final long CAP = 100;
    private static final Did FLOODER = Did.of(SampleJobs.did("flooder"));
    private static final Did OTHER = Did.of(SampleJobs.did("client"));
    private static final Did WORKER = Did.of(SampleJobs.did("worker"));

    private final SettableClock clock = new SettableClock(1_700_000_000_000L);
    private MarketBench bench;
    private JobMarket market;
    private int intents;

    @BeforeEach
    void openMarket() {
        bench = new MarketBench(storage, clock, new WorkKinds(List.of(new EchoKind())), MarketObserver.NONE,
                MarketBench.SETTINGS.withMaxOpenSteps(CAP));
        market = bench.market();
        bench.fund(FLOODER.text(), 1_000_000);
        bench.fund(OTHER.text(), 1_000_000);
    }

    private IntentDraft draft(Did requester, long steps) {
        int number = ++intents;
        String traceRef = storage.blobs().put(("trace " + number).getBytes());
        return new IntentDraft(requester, SampleJobs.hash("program"), "[1]", 10_000, Tier.MACRO, 1_000, "[2]", steps,
                SampleJobs.hash32("trace " + number), traceRef, List.of(new PlannedJob(EchoKind.NAME,
                SampleJobs.hash32("segment " + number), traceRef, "{\"intent\":" + number + "}")));
    }

    private long balance(Did account) {
        return storage.read((StoreTx tx) -> tx.ledger().balance(account.text()));
    }

    private QueueStats queue() {
        return storage.read((StoreTx tx) -> tx.jobs().stats());
    }

    @Test
    void a_requester_at_its_cap_is_refused_with_the_numbers_and_nothing_is_written() {
        for (int i = 0; i < 4; i++) {
            market.open(draft(FLOODER, 25));
        }
        long balance = balance(FLOODER);
        QueueStats before = queue();

        assertThatThrownBy(() -> market.open(draft(FLOODER, 1)))
                .isInstanceOfSatisfying(PouwException.class, e -> {
                    assertThat(e.problem()).isEqualTo(Problem.RATE_LIMITED);
                    assertThat(e.getMessage()).contains("100 work units open", "cap of 100",
                            "market.max_open_steps_per_requester");
                });
        assertThat(balance(FLOODER)).as("a refused intent charges nothing").isEqualTo(balance);
        assertThat(queue()).isEqualTo(before);
        assertThat(market.open(draft(OTHER, 100)).jobs()).as("another requester still posts").hasSize(1);
    }

    @Test
    void a_batch_refused_at_its_third_intent_writes_neither_its_intents_nor_what_was_written_alongside() {
        String sweepRow = storage.blobs().put("a sweep's manifest".getBytes());
        long balance = balance(FLOODER);
        QueueStats before = queue();
        long lastEvent = storage.read((StoreTx tx) -> tx.events().lastSeq());
        List<IntentDraft> batch = List.of(draft(FLOODER, 40), draft(FLOODER, 40), draft(FLOODER, 40));

        assertThatThrownBy(() -> market.openAll("tasks", batch, (tx, opened) -> {
            tx.blobOwners().add(sweepRow, FLOODER.text());
            return List.of(new org.pouw.core.event.EventDraft("ml.sweep.posted", "", "", "{}"));
        })).isInstanceOfSatisfying(PouwException.class, e -> {
            assertThat(e.problem()).isEqualTo(Problem.RATE_LIMITED);
            assertThat(e.field()).as("the refused intent, by its place").startsWith("tasks[2]");
        });
        assertThat(balance(FLOODER)).isEqualTo(balance);
        assertThat(queue()).isEqualTo(before);
        assertThat(storage.read((StoreTx tx) -> tx.events().lastSeq())).isEqualTo(lastEvent);
        assertThat(storage.read((StoreTx tx) -> tx.blobOwners().owns(sweepRow, FLOODER.text()))).isFalse();

        List<IntentRecord> opened = market.openAll("tasks", batch.subList(0, 2), (tx, records) -> {
            assertThat(records).hasSize(2);
            tx.blobOwners().add(sweepRow, FLOODER.text());
            return List.of(new org.pouw.core.event.EventDraft("ml.sweep.posted", "", "", "{}"));
        });
        assertThat(opened).hasSize(2);
        assertThat(storage.read((StoreTx tx) -> tx.blobOwners().owns(sweepRow, FLOODER.text()))).isTrue();
        assertThat(storage.read((StoreTx tx) -> tx.events().after(lastEvent, 100)))
                .extracting(org.pouw.core.event.Event::type).last().isEqualTo("ml.sweep.posted");
    }

    @Test
    void an_intent_larger_than_the_cap_is_refused_even_with_nothing_open() {
        assertThatThrownBy(() -> market.open(draft(FLOODER, CAP + 1)))
                .isInstanceOfSatisfying(PouwException.class,
                        e -> assertThat(e.getMessage()).contains("has 0 work units open", "101 would pass"));
        assertThat(market.open(draft(FLOODER, CAP)).jobs()).hasSize(1);
    }

    @Test
    void proven_and_expired_work_no_longer_counts() {
        IntentRecord proven = market.open(draft(FLOODER, 60));
        market.open(draft(FLOODER, 40));
        assertThatThrownBy(() -> market.open(draft(FLOODER, 10))).isInstanceOf(PouwException.class);

        Job job = market.claim(WORKER, new ClaimRequest(List.of(), List.of(), 1, 0)).getFirst();
        assertThat(job.intentId()).isEqualTo(proven.intent().intentId());
        market.submit(job.jobId(), WORKER, job.leaseToken(), EchoKind.proofFor(job.params()));
        assertThat(market.open(draft(FLOODER, 60)).jobs()).as("the proven intent's 60 steps are free again")
                .hasSize(1);
        assertThatThrownBy(() -> market.open(draft(FLOODER, 1))).isInstanceOf(PouwException.class);

        clock.advance(MarketBench.SETTINGS.jobTtlMs() + 1);
        market.reap(100);
        assertThat(market.open(draft(FLOODER, CAP)).jobs()).as("expired work is not open").hasSize(1);
    }

    @Test
    void intents_posted_at_once_by_one_requester_never_pass_the_cap_together() throws Exception {
        List<Boolean> posted = ConcurrentCalls.run(24, i -> () -> {
            try {
                market.open(draft(FLOODER, 10));
                return true;
            } catch (PouwException e) {
                assertThat(e.problem()).isEqualTo(Problem.RATE_LIMITED);
                return false;
            }
        });
        assertThat(posted.stream().filter(ok -> ok).count()).as("ten intents of ten steps fill the cap of 100")
                .isEqualTo(10);
        assertThat(storage.read((StoreTx tx) -> tx.jobs().openStepsOf(FLOODER.text()))).isEqualTo(CAP);
    }

    @Test
    void without_a_cap_a_requester_posts_as_much_as_it_pays_for() {
        JobMarket uncapped = new MarketBench(storage, clock, new WorkKinds(List.of(new EchoKind())),
                MarketObserver.NONE, MarketBench.SETTINGS).market();
        for (int i = 0; i < 5; i++) {
            uncapped.open(draft(FLOODER, CAP));
        }
        assertThat(storage.read((StoreTx tx) -> tx.jobs().openStepsOf(FLOODER.text()))).isEqualTo(5 * CAP);
        assertThat(MarketSettings.defaults().maxOpenSteps()).isEqualTo(MarketSettings.NO_CAP);
    }
}
