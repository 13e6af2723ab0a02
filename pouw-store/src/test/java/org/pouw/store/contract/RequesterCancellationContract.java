package org.pouw.store.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.pouw.core.PouwException;
import org.pouw.core.Problem;
import org.pouw.core.SettableClock;
import org.pouw.core.event.Event;
import org.pouw.core.event.EventData;
import org.pouw.core.event.EventDraft;
import org.pouw.core.id.Did;
import org.pouw.core.id.IntentId;
import org.pouw.core.job.ClaimRequest;
import org.pouw.core.job.Job;
import org.pouw.core.job.JobStatus;
import org.pouw.core.job.Tier;
import org.pouw.core.ledger.Accounts;
import org.pouw.core.ledger.EntryDraft;
import org.pouw.core.ledger.LedgerAudit;
import org.pouw.core.market.IntentDraft;
import org.pouw.core.market.IntentRecord;
import org.pouw.core.market.JobMarket;
import org.pouw.core.market.PlannedJob;
import org.pouw.core.market.RequesterCancellation;
import org.pouw.core.port.StoreTx;
import org.pouw.store.support.EchoKind;
import org.pouw.store.support.MarketBench;
import org.pouw.store.support.SampleJobs;

/**
 * A requester's cancel of its own unclaimed work (issue 28 §3, a sweep's cancel) on each database, each line of the
 * threat model in docs/economics.md ("Cancelling one's own work") a test: a second cancel, a job already paid, a job
 * under lease, another requester's intent, and a cancel racing claims. Money is checked in the ledger itself and
 * {@link LedgerAudit} passes after each.
 */
public abstract class RequesterCancellationContract extends StorageTestBase {
    private static final long START = 1_700_000_000_000L;
    private static final Did CLIENT = Did.of(MarketBench.CLIENT);
    private static final Did STRANGER = Did.of(SampleJobs.did("stranger"));
    private static final Did PROVER = Did.of(SampleJobs.did("prover"));

    private final SettableClock clock = new SettableClock(START);
    private MarketBench bench;
    private JobMarket market;
    private RequesterCancellation cancellations;
    private int opened;

    @BeforeEach
    void openMarket() {
        bench = new MarketBench(storage, clock);
        market = bench.market();
        cancellations = market.cancellations();
        bench.fund(CLIENT.text(), 1_000_000);
        bench.fund(STRANGER.text(), 1_000_000);
    }

    /** One intent of one echo job paid by {@code requester}, as a sweep's task is. */
    private IntentRecord task(Did requester, long fee) {
        int number = ++opened;
        String traceRef = storage.blobs().put(("task " + number).getBytes());
        return market.open(new IntentDraft(requester, SampleJobs.hash("program"), "[1]", 1_000, Tier.MACRO, fee, "[2]",
                10, SampleJobs.hash32("trace-" + number), traceRef, List.of(new PlannedJob(EchoKind.NAME,
                        SampleJobs.hash32("job-" + number), traceRef, "{\"task\":" + number + "}"))));
    }

    private static List<IntentId> ids(List<IntentRecord> intents) {
        return intents.stream().map(record -> record.intent().intentId()).toList();
    }

    private static EventDraft summary(RequesterCancellation.Outcome outcome) {
        return new EventDraft("ml.sweep.cancelled", "", "", EventData.of().put("cancelled", outcome.cancelled().size())
                .put("refunded", outcome.refunded()).toString());
    }

    private RequesterCancellation.Outcome cancel(Did requester, List<IntentRecord> intents) {
        return cancellations.cancelUnclaimed(requester, ids(intents), "sweep cancelled",
                RequesterCancellationContract::summary);
    }

    private long balance(String account) {
        return storage.read((StoreTx tx) -> tx.ledger().balance(account));
    }

    private Job job(IntentRecord intent) {
        return market.job(intent.jobs().getFirst().jobId()).orElseThrow();
    }

    private Job claimOne() {
        return market.claim(PROVER, new ClaimRequest(List.of(), List.of(), 1, 0)).getFirst();
    }

    private void complete(Job leased) {
        assertThat(market.submit(leased.jobId(), PROVER, leased.leaseToken(), EchoKind.proofFor(leased.params()))
                .verdict().accepted()).isTrue();
    }

    private List<Event> events(String type) {
        return storage.read((StoreTx tx) -> tx.events().after(0, 10_000)).stream()
                .filter(event -> event.type().equals(type)).toList();
    }

    private long refundEntries(Job job) {
        return storage.read((StoreTx tx) -> tx.ledger().byKey(EntryDraft.refundKey(job.jobId()))).isPresent() ? 1 : 0;
    }

    private void ledgerBalances() {
        assertThat(new LedgerAudit(storage).run().problems()).isEmpty();
    }

    @Test
    void unclaimed_jobs_are_refunded_once_a_leased_one_finishes_and_is_paid_and_a_paid_one_is_not_refunded() {
        List<IntentRecord> sweep = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            sweep.add(task(CLIENT, 500));
        }
        Job paid = claimOne();
        complete(paid);
        Job leased = claimOne();
        long before = balance(CLIENT.text());
        long reserved = balance(Accounts.POOL_RESERVED);

        RequesterCancellation.Outcome outcome = cancel(CLIENT, sweep);

        long fee = sweep.getFirst().jobs().getFirst().feeBudget();
        assertThat(fee).isPositive();
        assertThat(outcome.cancelled()).hasSize(2).allSatisfy(job -> assertThat(job.status())
                .isEqualTo(JobStatus.FAILED));
        assertThat(outcome.running()).extracting(Job::jobId).containsExactly(leased.jobId());
        assertThat(outcome.refunded()).isEqualTo(2 * fee);
        assertThat(outcome.ledgerSeqs()).hasSize(2);
        assertThat(balance(CLIENT.text())).isEqualTo(before + 2 * fee);
        assertThat(balance(Accounts.POOL_RESERVED)).isEqualTo(reserved - 2 * fee);
        assertThat(refundEntries(paid)).as("a job already paid is not refunded").isZero();
        assertThat(market.job(paid.jobId()).orElseThrow().status()).isEqualTo(JobStatus.COMPLETED);
        assertThat(events("ml.sweep.cancelled")).hasSize(1).first()
                .satisfies(event -> assertThat(event.data()).contains("\"refunded\":" + 2 * fee));
        assertThat(events("job.cancelled")).hasSize(2);

        long proverBefore = balance(PROVER.text());
        complete(leased);
        assertThat(balance(PROVER.text())).as("the leased job finishes and is paid").isGreaterThan(proverBefore);
        assertThat(refundEntries(leased)).isZero();
        assertThat(market.claim(PROVER, new ClaimRequest(List.of(), List.of(), 8, 0)))
                .as("a cancelled job is never offered again").isEmpty();
        ledgerBalances();
    }

    @Test
    void a_second_cancel_is_a_conflict_and_refunds_nothing_more() {
        List<IntentRecord> sweep = List.of(task(CLIENT, 300), task(CLIENT, 300));
        cancel(CLIENT, sweep);
        long after = balance(CLIENT.text());

        assertThatThrownBy(() -> cancel(CLIENT, sweep)).isInstanceOfSatisfying(PouwException.class, e -> {
            assertThat(e.problem()).isEqualTo(Problem.CONFLICT);
            assertThat(e.getMessage()).contains("cancelled already");
        });

        assertThat(balance(CLIENT.text())).as("refunded once").isEqualTo(after);
        assertThat(events("ml.sweep.cancelled")).hasSize(1);
        assertThat(events("job.cancelled")).hasSize(2);
        ledgerBalances();
    }

    @Test
    void a_cancel_naming_another_requesters_intent_is_refused_whole_and_changes_nothing() {
        IntentRecord mine = task(CLIENT, 300);
        IntentRecord theirs = task(STRANGER, 300);
        long mineBefore = balance(CLIENT.text());
        long theirsBefore = balance(STRANGER.text());

        for (List<IntentRecord> attempt : List.of(List.of(theirs), List.of(mine, theirs))) {
            assertThatThrownBy(() -> cancel(CLIENT, attempt)).isInstanceOfSatisfying(PouwException.class,
                    e -> assertThat(e.problem()).isEqualTo(Problem.NOT_FOUND));
        }

        assertThat(job(mine).status()).isEqualTo(JobStatus.PENDING);
        assertThat(job(theirs).status()).isEqualTo(JobStatus.PENDING);
        assertThat(balance(CLIENT.text())).isEqualTo(mineBefore);
        assertThat(balance(STRANGER.text())).isEqualTo(theirsBefore);
        assertThat(events("job.cancelled")).isEmpty();
        ledgerBalances();
    }

    @Test
    void a_sweep_whose_every_job_is_under_lease_or_done_has_nothing_to_cancel() {
        List<IntentRecord> sweep = List.of(task(CLIENT, 300), task(CLIENT, 300));
        complete(claimOne());
        claimOne();

        assertThatThrownBy(() -> cancel(CLIENT, sweep)).isInstanceOfSatisfying(PouwException.class, e -> {
            assertThat(e.problem()).isEqualTo(Problem.CONFLICT);
            assertThat(e.getMessage()).contains("nothing to cancel").contains("1 under lease");
        });
        assertThat(events("ml.sweep.cancelled")).isEmpty();
        ledgerBalances();
    }

    @Test
    void a_cancel_racing_claims_leaves_each_job_either_claimed_or_refunded_never_both() throws Exception {
        List<IntentRecord> sweep = new ArrayList<>();
        for (int i = 0; i < 24; i++) {
            sweep.add(task(CLIENT, 100));
        }
        long before = balance(CLIENT.text());
        CountDownLatch go = new CountDownLatch(1);
        List<Job> claimed = java.util.Collections.synchronizedList(new ArrayList<>());
        AtomicReference<RequesterCancellation.Outcome> outcome = new AtomicReference<>();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 2; t++) {
            threads.add(Thread.ofPlatform().start(() -> {
                await(go);
                for (int i = 0; i < 12; i++) {
                    claimed.addAll(market.claim(PROVER, new ClaimRequest(List.of(), List.of(), 1, 0)));
                }
            }));
        }
        threads.add(Thread.ofPlatform().start(() -> {
            await(go);
            outcome.set(cancel(CLIENT, sweep));
        }));
        go.countDown();
        for (Thread thread : threads) {
            thread.join(60_000);
        }

        List<Job> cancelled = outcome.get().cancelled();
        assertThat(claimed.size() + cancelled.size()).as("every job went one way").isEqualTo(24);
        assertThat(claimed).extracting(Job::jobId).doesNotContainAnyElementsOf(
                cancelled.stream().map(Job::jobId).toList());
        for (Job leased : claimed) {
            complete(leased);
            assertThat(refundEntries(leased)).as("a claimed job is paid, not refunded").isZero();
        }
        for (Job gone : cancelled) {
            assertThat(refundEntries(gone)).isEqualTo(1);
        }
        assertThat(balance(CLIENT.text())).isEqualTo(before + cancelled.stream().mapToLong(Job::feeBudget).sum());
        ledgerBalances();
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
