package org.pouw.store.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.pouw.core.PouwException;
import org.pouw.core.SettableClock;
import org.pouw.core.id.Did;
import org.pouw.core.job.ClaimRequest;
import org.pouw.core.job.Job;
import org.pouw.core.job.Tier;
import org.pouw.core.ledger.Accounts;
import org.pouw.core.ledger.LedgerAudit;
import org.pouw.core.market.BasePrices;
import org.pouw.core.market.DemandRule;
import org.pouw.core.market.IntentDraft;
import org.pouw.core.market.IntentRecord;
import org.pouw.core.market.JobMarket;
import org.pouw.core.market.MarketObserver;
import org.pouw.core.market.MarketSettings;
import org.pouw.core.market.PlannedJob;
import org.pouw.core.port.KindPrice;
import org.pouw.core.port.StoreTx;
import org.pouw.core.work.WorkKinds;
import org.pouw.store.support.EchoKind;
import org.pouw.store.support.MarketBench;
import org.pouw.store.support.SampleJobs;

/**
 * Base prices that follow demand (issue 27, item 1; docs/economics.md, "Prices that follow demand"): the attacks of
 * the threat model, each shown refused, on every storage adapter. The echo kind's floor is 1,000 per 1,000 steps (one
 * unit a step) and its queue target 1,000 steps; the price moves at most 12.5 % an interval and 4× within an hour.
 */
public abstract class DemandPriceContract extends StorageTestBase {
    private static final long START = 1_700_000_000_000L;
    private static final long INTERVAL_MS = 60_000;
    private static final long FLOOR = 1_000;
    private static final long TARGET = 1_000;
    private static final long CEILING = 1_000_000;
    private static final DemandRule RULE = new DemandRule(INTERVAL_MS, Map.of(EchoKind.NAME, TARGET), 125, 4,
            CEILING);
    private static final MarketSettings SETTINGS = MarketBench.SETTINGS
            .withBasePrices(new BasePrices(Map.of(EchoKind.NAME, FLOOR))).withDemand(RULE);
    private static final Did FLOODER = Did.of(SampleJobs.did("flooder"));
    private static final Did CLIENT = Did.of(SampleJobs.did("client"));
    private static final Did WORKER = Did.of(SampleJobs.did("worker"));
    private static final long FUNDS = 1_000_000_000_000L;

    private final SettableClock clock = new SettableClock(START);
    private JobMarket market;
    private int intents;

    @BeforeEach
    void openMarket() {
        MarketBench bench = new MarketBench(storage, clock, new WorkKinds(List.of(new EchoKind())),
                MarketObserver.NONE, SETTINGS);
        market = bench.market();
        bench.fund(FLOODER.text(), FUNDS);
        bench.fund(CLIENT.text(), FUNDS);
    }

    private IntentDraft draft(Did requester, long steps, long fee) {
        int number = ++intents;
        String traceRef = storage.blobs().put(("trace " + number).getBytes());
        return new IntentDraft(requester, SampleJobs.hash("program"), "[1]", 10_000_000, Tier.MACRO, fee, "[2]",
                steps, SampleJobs.hash32("trace " + number), traceRef, List.of(new PlannedJob(EchoKind.NAME,
                SampleJobs.hash32("segment " + number), traceRef, "{\"intent\":" + number + "}")));
    }

    /** The base an opened intent was charged: its fee less what was reserved for its jobs. */
    private static long baseOf(IntentRecord record) {
        return record.intent().fee() - record.jobs().stream().mapToLong(Job::feeBudget).sum();
    }

    private long price() {
        return market.price(EchoKind.NAME).price();
    }

    private long balance(String account) {
        return storage.read((StoreTx tx) -> tx.ledger().balance(account));
    }

    private void nextInterval() {
        clock.advance(INTERVAL_MS);
    }

    @Test
    void a_flood_moves_the_price_an_eighth_an_interval_and_four_fold_an_hour_and_the_flooder_pays_every_step() {
        long paid = 0;
        long previous = price();
        assertThat(previous).isEqualTo(FLOOR);
        List<Long> prices = new ArrayList<>();
        List<Long> intervals = new ArrayList<>();
        for (int i = 0; i < 120; i++) {
            // Far past the target every interval: 4,000 more steps waiting, never claimed.
            IntentRecord record = market.open(draft(FLOODER, 4_000, 1_000_000));
            long charged = baseOf(record);
            long price = Math.ceilDiv(charged * 1000, 4_000);
            assertThat(charged).isEqualTo(BasePrices.feeAt(price, 4_000));
            assertThat(price).as("interval %d", i).isLessThanOrEqualTo(previous + Math.max(1, previous / 8));
            paid += charged;
            prices.add(price);
            intervals.add(RULE.intervalAt(clock.millis()));
            previous = price;
            nextInterval();
        }
        // Within each hour's window the price stays within 4x of the price the window started from.
        for (int i = 1; i < prices.size(); i++) {
            long hour = RULE.hourOf(intervals.get(i));
            int start = i;
            while (start > 0 && RULE.hourOf(intervals.get(start - 1)) == hour) {
                start--;
            }
            long ref = start == 0 ? FLOOR : prices.get(start - 1);
            assertThat(prices.get(i)).as("interval %d", i).isLessThanOrEqualTo(ref * 4);
        }
        assertThat(prices.getLast()).as("the flood did move it").isGreaterThan(FLOOR * 4);
        assertThat(balance(Accounts.MARKET_BASE)).as("every step of the flood was paid at its price")
                .isEqualTo(paid);
        assertThat(new LedgerAudit(storage).run().problems()).isEmpty();
    }

    @Test
    void an_intent_under_the_raised_price_is_refused_with_that_price_and_changes_nothing() {
        market.open(draft(FLOODER, 2_000, 10_000));
        nextInterval();
        long raised = price();
        assertThat(raised).isEqualTo(FLOOR + FLOOR / 8);
        long before = balance(CLIENT.text());

        assertThatThrownBy(() -> market.open(draft(CLIENT, 1_000, raised - 1)))
                .isInstanceOfSatisfying(PouwException.class, e -> {
                    assertThat(e.field()).isEqualTo("fee");
                    assertThat(e.getMessage()).contains("at " + raised + " per 1000 work units");
                });
        assertThat(balance(CLIENT.text())).isEqualTo(before);
        assertThat(baseOf(market.open(draft(CLIENT, 1_000, raised)))).as("the quote was the price")
                .isEqualTo(raised);
    }

    @Test
    void a_worker_starving_the_queue_raises_the_price_but_earns_less_per_job_and_hoarding_leases_lowers_it() {
        IntentRecord early = market.open(draft(CLIENT, 2_000, 10_000)); // at the floor: base 2,000
        for (int i = 0; i < 10; i++) { // no worker claims: the queue stays at twice the target
            nextInterval();
            market.open(draft(FLOODER, 1, 10_000));
        }
        IntentRecord late = market.open(draft(CLIENT, 2_000, 10_000));
        assertThat(baseOf(late)).isGreaterThan(baseOf(early));
        assertThat(late.jobs().getFirst().rewardBudget()).as("the base goes to the node, not to the worker")
                .isLessThan(early.jobs().getFirst().rewardBudget());

        // A worker that claims everything and sits on it empties the queue the price answers to.
        long high = price();
        List<Job> leased = market.claim(WORKER, new ClaimRequest(List.of(), List.of(), 256, 0));
        assertThat(leased).hasSize(intents);
        nextInterval();
        KindPrice after = market.price(EchoKind.NAME);
        assertThat(after.pendingSteps()).isZero();
        assertThat(after.price()).isLessThan(high);
    }

    @Test
    void a_drained_queue_brings_the_price_back_to_its_floor_and_a_quiet_week_does_not_jump_it() {
        for (int i = 0; i < 30; i++) {
            market.open(draft(FLOODER, 3_000, 100_000_000));
            nextInterval();
        }
        assertThat(price()).isGreaterThan(FLOOR);
        market.claim(WORKER, new ClaimRequest(List.of(), List.of(), 256, 0));
        clock.advance(7L * 24 * 3_600_000);
        assertThat(price()).as("a quiet week with an empty queue").isEqualTo(FLOOR);

        // The other way: a queue nobody serves for a week ends at the ceiling, never past it or wrapped around.
        market.open(draft(FLOODER, 3_000, 100_000_000));
        clock.advance(7L * 24 * 3_600_000);
        assertThat(price()).isEqualTo(CEILING);
    }

    @Test
    void a_quote_is_what_the_next_intent_pays_and_stores_nothing() {
        market.open(draft(FLOODER, 5_000, 100_000));
        nextInterval();
        long interval = RULE.intervalAt(clock.millis());
        long quoted = price();
        assertThat(storage.read((StoreTx tx) -> tx.marketPrices().latest(EchoKind.NAME, interval)).orElseThrow()
                .interval()).as("the quote stored nothing").isEqualTo(interval - 1);
        assertThat(baseOf(market.open(draft(CLIENT, 1_000, 100_000)))).isEqualTo(quoted);
    }

    @Test
    void the_step_is_keyed_by_its_interval_so_two_nodes_stepping_it_at_once_charge_one_price() throws Exception {
        market.open(draft(FLOODER, 5_000, 100_000));
        nextInterval();
        // Two nodes on one database: markets of their own over the same storage and clock.
        List<JobMarket> nodes = List.of(market, new MarketBench(storage, clock,
                new WorkKinds(List.of(new EchoKind())), MarketObserver.NONE, SETTINGS).market());
        List<IntentDraft> drafts = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            drafts.add(draft(CLIENT, 1_000, 100_000));
        }
        List<Callable<IntentRecord>> posts = new ArrayList<>();
        for (int i = 0; i < drafts.size(); i++) {
            JobMarket node = nodes.get(i % 2);
            IntentDraft draft = drafts.get(i);
            posts.add(() -> node.open(draft));
        }
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Long> bases = new ArrayList<>();
            for (Future<IntentRecord> posted : pool.invokeAll(posts)) {
                bases.add(baseOf(posted.get()));
            }
            assertThat(bases).containsOnly(FLOOR + FLOOR / 8);
        } finally {
            pool.shutdownNow();
        }
        // Later intents in the interval, however many, pay the interval's one price.
        assertThat(baseOf(market.open(draft(CLIENT, 1_000, 100_000)))).isEqualTo(FLOOR + FLOOR / 8);
    }

    /**
     * The cap by clearing prices (docs/economics.md, "The cap by clearing prices"): a queue nobody buys from (a
     * starved queue, or a flood left waiting) cannot run the price past the multiple of what intents recently paid,
     * and one purchase at the top does not lift the cap, since it is a median.
     */
    @Test
    void a_queue_nobody_buys_from_cannot_run_the_price_past_a_multiple_of_what_was_paid() {
        JobMarket capped = new MarketBench(storage, clock, new WorkKinds(List.of(new EchoKind())),
                MarketObserver.NONE, SETTINGS.withDemand(new DemandRule(INTERVAL_MS, Map.of(EchoKind.NAME, TARGET),
                125, 4, CEILING, 2))).market();
        IntentRecord first = capped.open(draft(FLOODER, 4_000, 1_000_000));
        assertThat(baseOf(first)).as("paid at the floor: the one clearing price").isEqualTo(4 * FLOOR);

        clock.advance(3 * 3_600_000L); // three hours of a queue four times the target, nothing posted or claimed
        assertThat(market.price(EchoKind.NAME).price()).as("the same queue without the cap")
                .isGreaterThan(10 * FLOOR);
        assertThat(capped.price(EchoKind.NAME).price()).isEqualTo(2 * FLOOR);

        IntentRecord atTheCap = capped.open(draft(CLIENT, 1_000, 1_000_000));
        assertThat(baseOf(atTheCap)).isEqualTo(2 * FLOOR);
        clock.advance(3_600_000L);
        assertThat(capped.price(EchoKind.NAME).price()).as("the median of 1,000 and 2,000 is still 1,000")
                .isEqualTo(2 * FLOOR);
    }
}
