package org.pouw.store.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.pouw.core.PouwException;
import org.pouw.core.Problem;
import org.pouw.core.SettableClock;
import org.pouw.core.id.Did;
import org.pouw.core.job.ClaimRequest;
import org.pouw.core.job.Job;
import org.pouw.core.job.JobQuery;
import org.pouw.core.job.Tier;
import org.pouw.core.ledger.Accounts;
import org.pouw.core.ledger.LedgerAudit;
import org.pouw.core.market.BasePrices;
import org.pouw.core.market.IntentDraft;
import org.pouw.core.market.IntentRecord;
import org.pouw.core.market.JobMarket;
import org.pouw.core.market.MarketObserver;
import org.pouw.core.market.MarketSettings;
import org.pouw.core.market.PlannedJob;
import org.pouw.core.port.StoreTx;
import org.pouw.core.work.WorkKinds;
import org.pouw.store.support.EchoKind;
import org.pouw.store.support.MarketBench;
import org.pouw.store.support.SampleJobs;

/**
 * The base part of a fee (issue 27, item 1; docs/economics.md, "Base fee"): charged at posting, kept by the node, never
 * refunded. The attacks of the threat model, each refused, on every storage adapter.
 */
public abstract class BaseFeeContract extends StorageTestBase {
    private static final long START = 1_700_000_000_000L;
    /** One base unit per step of the echo kind: 1,000 per 1,000 steps. */
    private static final long PRICE = 1_000;
    private static final MarketSettings SETTINGS = MarketBench.SETTINGS
            .withBasePrices(new BasePrices(Map.of(EchoKind.NAME, PRICE)));
    private static final Did FLOODER = Did.of(SampleJobs.did("flooder"));
    private static final Did CLIENT = Did.of(SampleJobs.did("client"));
    private static final Did PROVER = Did.of(SampleJobs.did("prover"));

    private final SettableClock clock = new SettableClock(START);
    private MarketBench bench;
    private JobMarket market;
    private int intents;

    @BeforeEach
    void openMarket() {
        bench = new MarketBench(storage, clock, new WorkKinds(List.of(new EchoKind())), MarketObserver.NONE,
                SETTINGS);
        market = bench.market();
        bench.fund(FLOODER.text(), 100_000);
        bench.fund(CLIENT.text(), 100_000);
    }

    /** An intent of one echo job that the node measured at {@code steps} steps. */
    private IntentDraft draft(Did requester, long steps, long fee) {
        int number = ++intents;
        String traceRef = storage.blobs().put(("trace " + number).getBytes());
        return new IntentDraft(requester, SampleJobs.hash("program"), "[1]", 1_000_000, Tier.MACRO, fee, "[2]", steps,
                SampleJobs.hash32("trace " + number), traceRef, List.of(new PlannedJob(EchoKind.NAME,
                        SampleJobs.hash32("segment " + number), traceRef, "{\"intent\":" + number + "}")));
    }

    private long balance(String account) {
        return storage.read((StoreTx tx) -> tx.ledger().balance(account));
    }

    /** {@code draft} costing {@code workUnits} (a proven program's trace rows, a training run's multiply-adds). */
    private static IntentDraft costing(IntentDraft draft, long workUnits) {
        return new IntentDraft(draft.requester(), draft.programRef(), draft.inputs(), draft.maxSteps(), draft.tier(),
                draft.fee(), draft.output(), draft.steps(), draft.traceHash(), draft.traceRef(), draft.jobs(),
                workUnits);
    }

    @Test
    void the_base_is_priced_on_the_intents_work_units_and_the_queue_and_open_work_count_them() {
        // Ten steps that cost 50,000 work units (docs/economics.md, "Work units"): priced, queued and capped as such.
        assertThatThrownBy(() -> market.open(costing(draft(CLIENT, 10, 49_999), 50_000)))
                .isInstanceOfSatisfying(PouwException.class, e -> assertThat(e.getMessage())
                        .contains("base fee of 50000 for 50000 work units of " + EchoKind.NAME));
        market.open(costing(draft(CLIENT, 10, 50_010), 50_000));
        assertThat(balance(Accounts.MARKET_BASE)).isEqualTo(50_000);
        assertThat(storage.read((StoreTx tx) -> tx.marketPrices().pendingSteps(EchoKind.NAME)))
                .as("the demand price's queue").isEqualTo(50_000);
        assertThat(storage.read((StoreTx tx) -> tx.jobs().openStepsOf(CLIENT.text())))
                .as("the requester's open work").isEqualTo(50_000);
        market.open(draft(CLIENT, 10, 10)); // a draft without a count of its own costs its steps
        assertThat(storage.read((StoreTx tx) -> tx.jobs().openStepsOf(CLIENT.text()))).isEqualTo(50_010);
        assertThat(new LedgerAudit(storage).run().problems()).isEmpty();
    }

    @Test
    void a_flood_of_intents_left_to_expire_costs_the_flooder_every_base_fee() {
        for (int i = 0; i < 20; i++) {
            market.open(draft(FLOODER, 40, 45)); // base 40, 5 reserved for a prover
        }
        assertThat(balance(FLOODER.text())).isEqualTo(100_000 - 20 * 45);

        clock.advance(SETTINGS.jobTtlMs() + 1);
        market.reap(1_000);

        assertThat(balance(FLOODER.text())).as("only the reserved part comes back").isEqualTo(100_000 - 20 * 40);
        assertThat(balance(Accounts.MARKET_BASE)).isEqualTo(20 * 40);
        assertThat(balance(Accounts.POOL_RESERVED)).isZero();
        assertThat(new LedgerAudit(storage).run().problems()).isEmpty();
    }

    @Test
    void an_intent_offering_less_than_the_base_fee_is_refused_with_the_price_and_changes_nothing() {
        long entriesBefore = storage.read((StoreTx tx) -> tx.ledger().entries(0, 1_000)).size();

        assertThatThrownBy(() -> market.open(draft(CLIENT, 2_500, 2_499)))
                .isInstanceOfSatisfying(PouwException.class, e -> {
                    assertThat(e.problem()).isEqualTo(Problem.INVALID_REQUEST);
                    assertThat(e.field()).isEqualTo("fee");
                    assertThat(e.getMessage()).contains("base fee of 2500 for 2500 work units of " + EchoKind.NAME)
                            .contains("1000 per 1000 work units").contains("got 2499");
                });

        assertThat(balance(CLIENT.text())).isEqualTo(100_000);
        assertThat(storage.read((StoreTx tx) -> tx.ledger().entries(0, 1_000))).hasSize((int) entriesBefore);
        assertThat(storage.read((StoreTx tx) -> tx.jobs().list(new JobQuery(null, null, null, null, 0, 10))))
                .isEmpty();
        assertThat(market.open(draft(CLIENT, 2_500, 2_500)).jobs()).singleElement()
                .satisfies(job -> assertThat(job.feeBudget()).as("all base, nothing for a prover").isZero());
    }

    @Test
    void the_base_is_counted_in_the_nodes_steps_and_rounded_up_so_a_tiny_intent_is_not_free() {
        MarketSettings dear = MarketBench.SETTINGS.withBasePrices(new BasePrices(Map.of(EchoKind.NAME, 1L)));
        JobMarket priced = new MarketBench(storage, clock, new WorkKinds(List.of(new EchoKind())),
                MarketObserver.NONE, dear).market();

        assertThatThrownBy(() -> priced.open(draft(CLIENT, 1, 0)))
                .isInstanceOfSatisfying(PouwException.class, e -> assertThat(e.field()).isEqualTo("fee"));
        priced.open(draft(CLIENT, 1, 1));

        assertThat(balance(Accounts.MARKET_BASE)).as("one step at 1 per 1,000 costs 1, not 0").isEqualTo(1);
    }

    @Test
    void a_completed_job_pays_its_prover_from_the_fee_less_the_base() {
        IntentRecord record = market.open(draft(CLIENT, 100, 1_100)); // base 100, 1,000 reserved
        Job job = record.jobs().getFirst();
        assertThat(job.feeBudget()).isEqualTo(1_000);
        assertThat(job.rewardBudget()).isEqualTo(900);

        Job leased = market.claim(PROVER, new ClaimRequest(List.of(), List.of(), 1, 0)).getFirst();
        market.submit(leased.jobId(), PROVER, leased.leaseToken(), EchoKind.proofFor(leased.params()));

        assertThat(balance(PROVER.text())).isEqualTo(900);
        assertThat(balance(Accounts.POOL_EARNED)).isEqualTo(100);
        assertThat(balance(Accounts.MARKET_BASE)).isEqualTo(100);
        assertThat(balance(CLIENT.text())).isEqualTo(100_000 - 1_100);
        assertThat(new LedgerAudit(storage).run().problems()).isEmpty();
    }
}
