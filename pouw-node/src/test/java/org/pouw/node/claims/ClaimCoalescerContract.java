package org.pouw.node.claims;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.pouw.core.PouwException;
import org.pouw.core.Problem;
import org.pouw.core.SettableClock;
import org.pouw.core.id.Did;
import org.pouw.core.id.JobId;
import org.pouw.core.job.Attempt;
import org.pouw.core.job.ClaimRequest;
import org.pouw.core.job.Job;
import org.pouw.core.job.JobStatus;
import org.pouw.core.market.ClaimAnswer;
import org.pouw.core.market.ClaimOrder;
import org.pouw.core.port.Storage;
import org.pouw.core.port.StoreTx;
import org.pouw.core.standing.Quarantine;
import org.pouw.store.support.MarketBench;
import org.pouw.store.support.SampleJobs;

/**
 * Claims coalesced into shared transactions (issue 26, item 4) must stay claims: each job to one caller, each
 * caller's jobs leased to that caller with an attempt row, nothing lost, a refusal only for the refused.
 */
abstract class ClaimCoalescerContract {
    private static final ClaimRequest ONE = new ClaimRequest(List.of(), List.of(), 1, 0);
    private static final int JOBS = 120;
    private static final int CALLERS = 160;
    private static final int PROVERS = 16;

    /** A fresh, empty, migrated storage; closed by the test. */
    protected abstract Storage openStorage();

    @Test
    void concurrent_single_claims_each_get_a_distinct_job_and_none_is_lost() throws Exception {
        try (Storage storage = openStorage()) {
            MarketBench bench = new MarketBench(storage, new SettableClock(1_700_000_000_000L));
            bench.fund(MarketBench.CLIENT, JOBS * 1_000L);
            for (int i = 0; i < JOBS / 40; i++) {
                bench.open(40, 40_000);
            }
            ClaimCoalescer claims = new ClaimCoalescer(bench.market());
            Map<JobId, String> holders = new ConcurrentHashMap<>();
            List<String> twice = new ArrayList<>();
            List<Future<List<Job>>> answers = claimAtOnce(CALLERS, caller -> {
                Did prover = prover(caller % PROVERS);
                List<Job> jobs = claims.claim(prover, "", ONE);
                for (Job job : jobs) {
                    assertThat(job.leaseHolder()).isEqualTo(prover.text());
                    if (holders.putIfAbsent(job.jobId(), prover.text()) != null) {
                        synchronized (twice) {
                            twice.add(job.jobId().hex());
                        }
                    }
                }
                return jobs;
            });
            int answered = 0;
            int empty = 0;
            for (Future<List<Job>> answer : answers) {
                List<Job> jobs = answer.get(60, TimeUnit.SECONDS);
                assertThat(jobs).hasSizeLessThanOrEqualTo(1);
                answered += jobs.size();
                empty += jobs.isEmpty() ? 1 : 0;
            }
            assertThat(twice).as("jobs handed to two callers").isEmpty();
            assertThat(answered).as("every job claimed once").isEqualTo(JOBS);
            assertThat(empty).isEqualTo(CALLERS - JOBS);
            storage.read((StoreTx tx) -> {
                for (Map.Entry<JobId, String> held : holders.entrySet()) {
                    Job stored = tx.jobs().find(held.getKey()).orElseThrow();
                    assertThat(stored.status()).isEqualTo(JobStatus.IN_PROGRESS);
                    assertThat(stored.leaseHolder()).isEqualTo(held.getValue());
                    List<Attempt> attempts = tx.jobs().attempts(held.getKey());
                    assertThat(attempts).singleElement().extracting(Attempt::proverId).isEqualTo(held.getValue());
                }
                return null;
            });
        }
    }

    @Test
    void a_quarantined_caller_is_refused_alone_and_the_others_of_its_group_get_their_jobs() throws Exception {
        try (Storage storage = openStorage()) {
            SettableClock clock = new SettableClock(1_700_000_000_000L);
            MarketBench bench = new MarketBench(storage, clock);
            bench.fund(MarketBench.CLIENT, 100_000);
            bench.open(40, 40_000);
            Did banned = prover(99);
            storage.write((StoreTx tx) -> {
                tx.standing().quarantine(new Quarantine(banned.text(), clock.millis() - 1, clock.millis() + 600_000,
                        "test"));
                return null;
            });
            ClaimCoalescer claims = new ClaimCoalescer(bench.market());
            List<Future<List<Job>>> answers = claimAtOnce(40, caller ->
                    claims.claim(caller % 8 == 0 ? banned : prover(caller), "", ONE));
            int served = 0;
            int refused = 0;
            for (int caller = 0; caller < answers.size(); caller++) {
                try {
                    List<Job> jobs = answers.get(caller).get(60, TimeUnit.SECONDS);
                    assertThat(caller % 8).as("caller " + caller + " is not the quarantined one").isNotZero();
                    assertThat(jobs).hasSize(1);
                    served++;
                } catch (ExecutionException e) {
                    assertThat(caller % 8).as("only the quarantined caller is refused: " + e.getCause()).isZero();
                    assertThat(e.getCause()).isInstanceOf(PouwException.class);
                    assertThat(((PouwException) e.getCause()).problem()).isEqualTo(Problem.QUARANTINED);
                    refused++;
                }
            }
            assertThat(served).isEqualTo(35);
            assertThat(refused).isEqualTo(5);
        }
    }

    @Test
    void a_refused_order_is_answered_in_its_group_and_writes_nothing_while_the_others_are_served() {
        try (Storage storage = openStorage()) {
            SettableClock clock = new SettableClock(1_700_000_000_000L);
            MarketBench bench = new MarketBench(storage, clock);
            bench.fund(MarketBench.CLIENT, 100_000);
            bench.open(10, 10_000);
            Did banned = prover(99);
            storage.write((StoreTx tx) -> {
                tx.standing().quarantine(new Quarantine(banned.text(), clock.millis() - 1, clock.millis() + 600_000,
                        "test"));
                return null;
            });
            List<ClaimAnswer> answers = bench.market().claimTogether(List.of(new ClaimOrder(prover(1), "", ONE),
                    new ClaimOrder(banned, "192.0.2.1", ONE)));
            assertThat(answers.get(0).jobsOrThrow()).hasSize(1);
            assertThat(answers.get(1).isRefused()).isTrue();
            assertThat(answers.get(1).refusal().problem()).isEqualTo(Problem.QUARANTINED);
            assertThat(storage.read((StoreTx tx) -> tx.jobs().stats()).pendingCount())
                    .as("only the served order took a job").isEqualTo(9);
            assertThat(storage.read((StoreTx tx) -> tx.standing().networkOf(banned.text())))
                    .as("the refused order noted no prefix").isEmpty();
            List<ClaimAnswer> served = bench.market().claimTogether(List.of(new ClaimOrder(prover(1), "", ONE),
                    new ClaimOrder(prover(2), "", ONE), new ClaimOrder(prover(1), "", ONE)));
            Set<JobId> distinct = new HashSet<>();
            served.forEach(answer -> answer.jobsOrThrow().forEach(job -> distinct.add(job.jobId())));
            assertThat(served).allSatisfy(answer -> assertThat(answer.jobsOrThrow()).hasSize(1));
            assertThat(distinct).hasSize(3);
        }
    }

    @Test
    void claims_past_the_bound_are_refused_busy_at_once_and_the_ones_within_it_are_served() throws Exception {
        try (Storage storage = openStorage()) {
            MarketBench bench = new MarketBench(storage, new SettableClock(1_700_000_000_000L));
            bench.fund(MarketBench.CLIENT, 100_000);
            bench.open(10, 10_000);
            int bound = 4;
            ClaimCoalescer claims = new ClaimCoalescer(bench.market(), bound);
            Did held = prover(7);
            CountDownLatch holding = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            // A writer holds the claimer's row (on SQLite: the database's one writer) until told, so the claims
            // admitted within the bound wait for it while the ones past it arrive.
            Thread blocker = Thread.ofVirtual().start(() -> storage.write((StoreTx tx) -> {
                tx.standing().noteNetwork(held.text(), "192.0.2.7", 1_700_000_000_000L);
                holding.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return null;
            }));
            holding.await();
            List<Future<List<Job>>> answers = claimAtOnce(10, caller -> claims.claim(held, "192.0.2.7", ONE));
            int busy = 0;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (busy < 10 - bound && System.nanoTime() < deadline) {
                busy = 0;
                for (Future<List<Job>> answer : answers) {
                    if (answer.isDone() && answer.state() == Future.State.FAILED
                            && answer.exceptionNow() instanceof PouwException refused
                            && refused.problem() == Problem.BUSY) {
                        busy++;
                    }
                }
                Thread.sleep(10);
            }
            assertThat(busy).as("the claims past the bound, refused while the others wait").isEqualTo(10 - bound);
            release.countDown();
            blocker.join();
            int served = 0;
            for (Future<List<Job>> answer : answers) {
                try {
                    served += answer.get(60, TimeUnit.SECONDS).size();
                } catch (ExecutionException e) {
                    assertThat(((PouwException) e.getCause()).problem()).isEqualTo(Problem.BUSY);
                }
            }
            assertThat(served).as("every claim within the bound got its job").isEqualTo(bound);
        }
    }

    @Test
    void each_caller_reads_its_own_job_claimed_event_as_soon_as_it_is_answered() throws Exception {
        try (Storage storage = openStorage()) {
            MarketBench bench = new MarketBench(storage, new SettableClock(1_700_000_000_000L));
            bench.fund(MarketBench.CLIENT, 40_000);
            bench.open(40, 40_000); // 40 callers: each reads right after its claim, within the readers' bound
            ClaimCoalescer claims = new ClaimCoalescer(bench.market());
            List<String> unseen = new ArrayList<>();
            // Grouped claims answer after their group's events are readable: a caller that reads the log right
            // after its answer finds its own job.claimed, however the groups' commits interleave.
            List<Future<List<Job>>> answers = claimAtOnce(40, caller -> {
                List<Job> jobs = claims.claim(prover(caller % PROVERS), "", ONE);
                for (Job job : jobs) {
                    boolean seen = storage.read((StoreTx tx) -> tx.events().after(0, 1_000)).stream()
                            .anyMatch(event -> event.type().equals("job.claimed")
                                    && event.jobId().equals(job.jobId().hex()));
                    if (!seen) {
                        synchronized (unseen) {
                            unseen.add(job.jobId().hex());
                        }
                    }
                }
                return jobs;
            });
            int answered = 0;
            for (Future<List<Job>> answer : answers) {
                answered += answer.get(60, TimeUnit.SECONDS).size();
            }
            assertThat(answered).isEqualTo(40);
            assertThat(unseen).as("claims whose caller could not read its own job.claimed").isEmpty();
        }
    }

    private interface Caller {
        List<Job> claim(int caller) throws Exception;
    }

    /** Starts {@code count} callers on virtual threads, released together. */
    private static List<Future<List<Job>>> claimAtOnce(int count, Caller call) {
        ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
        CountDownLatch start = new CountDownLatch(1);
        List<Future<List<Job>>> answers = new ArrayList<>();
        for (int caller = 0; caller < count; caller++) {
            int number = caller;
            answers.add(threads.submit(() -> {
                start.await();
                return call.claim(number);
            }));
        }
        start.countDown();
        threads.shutdown();
        return answers;
    }

    private static Did prover(int number) {
        return Did.of(SampleJobs.did("coalesced-prover-" + number));
    }
}
