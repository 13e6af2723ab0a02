package org.pouw.store.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.pouw.core.PouwException;
import org.pouw.core.Problem;
import org.pouw.core.SettableClock;
import org.pouw.core.id.Did;
import org.pouw.core.id.JobId;
import org.pouw.core.job.ClaimRequest;
import org.pouw.core.job.Job;
import org.pouw.core.job.ProverTally;
import org.pouw.core.market.ClaimAnswer;
import org.pouw.core.market.ClaimOrder;
import org.pouw.core.market.JobMarket;
import org.pouw.core.market.MarketObserver;
import org.pouw.core.market.MarketSettings;
import org.pouw.core.port.StoreTx;
import org.pouw.core.standing.Quarantine;
import org.pouw.core.work.WorkKinds;
import org.pouw.store.support.EchoKind;
import org.pouw.store.support.MarketBench;
import org.pouw.store.support.SampleJobs;

/**
 * A claim group admitted together (issue 26: the facts its admission needs read in one statement, the prefixes noted
 * in one) refuses exactly what each order alone would be refused, answers each refusal to its own order only, writes
 * nothing for a refused order, and still serves the others in the same transaction. On every storage adapter.
 */
public abstract class ClaimGroupAdmissionContract extends StorageTestBase {
    private static final long START = 1_700_000_000_000L;
    private static final MarketSettings SETTINGS = MarketSettings.defaults();
    private static final Did ADMIN = Did.of(SampleJobs.did("admin"));
    private static final String CLEAN_NET = "198.51.100.7";
    private static final String BAD_NET = "203.0.113.9";

    private final SettableClock clock = new SettableClock(START);
    private MarketBench bench;
    private JobMarket market;

    @BeforeEach
    void openMarket() {
        bench = new MarketBench(storage, clock, new WorkKinds(List.of(new EchoKind())), MarketObserver.NONE, SETTINGS);
        market = bench.market();
        bench.fund(MarketBench.CLIENT, 10_000_000);
        bench.open(40, 40_000);
    }

    private static Did prover(String name) {
        return Did.of(SampleJobs.did("group-" + name));
    }

    private static ClaimRequest upTo(int jobs) {
        return new ClaimRequest(List.of(), List.of(), jobs, 0);
    }

    private void quarantine(String subject) {
        storage.write((StoreTx tx) -> {
            tx.standing().quarantine(new Quarantine(subject, clock.millis() - 1, clock.millis() + 600_000, "test"));
            return null;
        });
    }

    private String networkOf(Did prover) {
        return storage.read((StoreTx tx) -> tx.standing().networkOf(prover.text()));
    }

    private int pending() {
        return (int) storage.read((StoreTx tx) -> tx.jobs().stats()).pendingCount();
    }

    private static Problem problem(ClaimAnswer answer) {
        assertThat(answer.isRefused()).as("refused: " + answer).isTrue();
        return answer.refusal().problem();
    }

    @Test
    void each_refusal_reaches_only_its_own_order_and_the_others_are_served_in_the_same_group() {
        Did honest = prover("honest");
        Did quarantined = prover("quarantined");
        Did banned = prover("banned");
        Did fromBadNet = prover("from-bad-net");
        Did onBadNetBefore = prover("on-bad-net-before");
        quarantine(quarantined.text());
        quarantine(Quarantine.networkSubject(BAD_NET));
        market.operator().ban(ADMIN, banned.text(), "test");
        // A prover last seen on the quarantined prefix is refused when it names no prefix, as alone.
        storage.write((StoreTx tx) -> {
            tx.standing().noteNetwork(onBadNetBefore.text(), BAD_NET, clock.millis());
            return null;
        });

        List<ClaimAnswer> answers = market.claimTogether(List.of(
                new ClaimOrder(honest, CLEAN_NET, upTo(2)),
                new ClaimOrder(quarantined, CLEAN_NET, upTo(1)),
                new ClaimOrder(banned, CLEAN_NET, upTo(1)),
                new ClaimOrder(fromBadNet, BAD_NET, upTo(1)),
                new ClaimOrder(onBadNetBefore, "", upTo(1)),
                new ClaimOrder(honest, CLEAN_NET, new ClaimRequest(List.of(), List.of(), 0, 0)),
                new ClaimOrder(prover("other"), CLEAN_NET, upTo(1))));

        assertThat(answers.get(0).jobsOrThrow()).hasSize(2);
        assertThat(problem(answers.get(1))).isEqualTo(Problem.QUARANTINED);
        assertThat(problem(answers.get(2))).isEqualTo(Problem.PROVER_BANNED);
        assertThat(problem(answers.get(3))).isEqualTo(Problem.QUARANTINED);
        assertThat(answers.get(3).refusal().getMessage()).contains("address");
        assertThat(problem(answers.get(4))).isEqualTo(Problem.QUARANTINED);
        assertThat(problem(answers.get(5))).isEqualTo(Problem.INVALID_REQUEST);
        assertThat(answers.get(5).refusal().field()).isEqualTo("max_jobs");
        assertThat(answers.get(6).jobsOrThrow()).hasSize(1);
        assertThat(pending()).as("only the served orders took jobs").isEqualTo(40 - 3);
        // A refused order wrote nothing: its prefix is not noted (alone, its transaction would have rolled back).
        assertThat(networkOf(quarantined)).isEmpty();
        assertThat(networkOf(fromBadNet)).isEmpty();
        assertThat(networkOf(honest)).isEqualTo(CLEAN_NET);
        assertThat(networkOf(onBadNetBefore)).isEqualTo(BAD_NET);
        // Each refused caller throws its own exception, in its own thread.
        Set<PouwException> distinct = new HashSet<>();
        answers.stream().filter(ClaimAnswer::isRefused).forEach(answer -> distinct.add(answer.refusal()));
        assertThat(distinct).hasSize(5);
    }

    @Test
    void a_new_provers_cap_counts_its_earlier_orders_in_the_group_and_its_held_leases() {
        Did fresh = prover("fresh");
        int cap = SETTINGS.discipline().newProverMaxJobs();
        assertThat(market.claim(fresh, CLEAN_NET, upTo(1))).hasSize(1);

        List<ClaimAnswer> answers = market.claimTogether(List.of(
                new ClaimOrder(fresh, CLEAN_NET, upTo(cap)),
                new ClaimOrder(fresh, CLEAN_NET, upTo(1)),
                new ClaimOrder(prover("good"), CLEAN_NET, upTo(1))));

        assertThat(answers.get(0).jobsOrThrow()).as("the cap less the lease it holds").hasSize(cap - 1);
        assertThat(problem(answers.get(1))).isEqualTo(Problem.RATE_LIMITED);
        assertThat(answers.get(1).refusal().field()).isEqualTo("max_jobs");
        assertThat(answers.get(2).jobsOrThrow()).hasSize(1);
        assertThat(storage.read((StoreTx tx) -> tx.standing().heldLeases(fresh.text()))).isEqualTo(cap);
    }

    @Test
    void a_prefix_noted_by_an_admitted_order_counts_for_the_same_provers_later_order() {
        Did mover = prover("mover");
        quarantine(Quarantine.networkSubject(BAD_NET));
        storage.write((StoreTx tx) -> {
            tx.standing().noteNetwork(mover.text(), BAD_NET, clock.millis());
            return null;
        });

        // The first order comes from a clean prefix and is noted there; the second names none, so it is checked
        // against the clean one, as it would be after the first had committed alone.
        List<ClaimAnswer> answers = market.claimTogether(List.of(new ClaimOrder(mover, CLEAN_NET, upTo(1)),
                new ClaimOrder(mover, "", upTo(1))));

        assertThat(answers.get(0).jobsOrThrow()).hasSize(1);
        assertThat(answers.get(1).jobsOrThrow()).hasSize(1);
        assertThat(networkOf(mover)).isEqualTo(CLEAN_NET);
    }

    @Test
    void a_pause_refuses_every_order_each_with_its_own_refusal_and_takes_no_job() {
        market.operator().pauseClaiming(ADMIN, "test");

        List<ClaimAnswer> answers = market.claimTogether(List.of(new ClaimOrder(prover("a"), CLEAN_NET, upTo(1)),
                new ClaimOrder(prover("b"), CLEAN_NET, upTo(1)), new ClaimOrder(prover("a"), "", upTo(1))));

        assertThat(answers).allSatisfy(answer -> assertThat(problem(answer)).isEqualTo(Problem.CLAIMING_PAUSED));
        assertThat(answers.stream().map(ClaimAnswer::refusal).distinct()).hasSize(3);
        assertThat(pending()).isEqualTo(40);
        assertThat(networkOf(prover("a"))).isEmpty();
    }

    @Test
    void a_group_serves_each_job_once_and_earlier_orders_first_as_orders_alone_would() {
        List<ClaimOrder> orders = new ArrayList<>();
        for (int i = 0; i < 24; i++) {
            orders.add(new ClaimOrder(prover("p" + (i % 6)), "192.0.2." + (i % 3), upTo(1)));
        }
        // Good standing, so the new-prover cap plays no part: each of the six has completed a job.
        storage.write((StoreTx tx) -> {
            for (int p = 0; p < 6; p++) {
                tx.jobs().recordProverOutcome(ProverTally.completedOne(prover("p" + p).text(), 1, 1), clock.millis());
            }
            return null;
        });

        List<ClaimAnswer> answers = market.claimTogether(orders);

        Set<JobId> seen = new HashSet<>();
        long previous = Long.MIN_VALUE;
        for (ClaimAnswer answer : answers) {
            List<Job> jobs = answer.jobsOrThrow();
            assertThat(jobs).hasSize(1);
            assertThat(seen.add(jobs.getFirst().jobId())).as("a job went to two orders").isTrue();
            assertThat(jobs.getFirst().createdSeq()).as("an earlier order gets the older job").isGreaterThan(previous);
            previous = jobs.getFirst().createdSeq();
        }
        assertThat(pending()).isEqualTo(40 - 24);
        assertThat(networkOf(prover("p5"))).as("the prefix of the prover's last order in the group")
                .isEqualTo("192.0.2.2");
    }
}
