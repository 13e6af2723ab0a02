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
import org.pouw.core.job.BatchMember;
import org.pouw.core.job.ClaimRequest;
import org.pouw.core.job.Job;
import org.pouw.core.job.JobStatus;
import org.pouw.core.ledger.LedgerAudit;
import org.pouw.core.market.IntentRecord;
import org.pouw.core.market.JobMarket;
import org.pouw.core.market.MarketObserver;
import org.pouw.core.market.SubmitOutcome;
import org.pouw.core.port.StoreTx;
import org.pouw.core.work.WorkKinds;
import org.pouw.store.support.AuditedEchoKind;
import org.pouw.store.support.EchoKind;
import org.pouw.store.support.MarketBench;
import org.pouw.store.support.SampleJobs;

/**
 * The full tier's batches on each database (issue 22 §3), each rule shown by the attack it stops: a job waiting for
 * a batch is never claimed alone, one accepted proof settles every member exactly once, a job in one batch cannot
 * join another, and a failed batch (a rejected proof, a given-up or lapsed lease) releases its members to be proven
 * alone at once and never batches them again. The batch's lead here is an echo job whose params are the batch's.
 */
public abstract class BatchMarketContract extends StorageTestBase {
    private static final Did PROVER = Did.of(SampleJobs.did("batch-prover"));
    private static final long START = 1_700_000_000_000L;

    private final SettableClock clock = new SettableClock(START);
    /** Completions as the node's metrics count them: kind and reward of each paid job. */
    private final List<String> completions = new java.util.concurrent.CopyOnWriteArrayList<>();
    private MarketBench bench;
    private JobMarket market;

    @BeforeEach
    void openMarket() {
        bench = new MarketBench(storage, clock, new WorkKinds(List.of(new EchoKind(), new AuditedEchoKind())),
                new MarketObserver() {
                    @Override
                    public void jobCompleted(String kind, long reward) {
                        completions.add(kind + " " + reward);
                    }
                });
        market = bench.market();
        bench.fund(MarketBench.CLIENT, 1_000_000);
    }

    private static ClaimRequest any(int jobs) {
        return new ClaimRequest(List.of(), List.of(), jobs, 0);
    }

    private List<JobId> waiting(int count) {
        List<JobId> ids = new java.util.ArrayList<>();
        for (int i = 0; i < count; i++) {
            IntentRecord record = bench.openWaitingForBatch(1_000);
            ids.add(record.intent().jobIds().getFirst());
        }
        return ids;
    }

    private static String batchParams(List<JobId> members) {
        return "{\"batch\":" + members.stream().map(id -> "\"" + id.hex() + "\"").toList() + "}";
    }

    private Job form(List<JobId> members) {
        return market.formBatch(members, EchoKind.NAME, batchParams(members), EchoKind.NAME);
    }

    private Job job(JobId id) {
        return market.job(id).orElseThrow();
    }

    private long balance(String account) {
        return storage.read((StoreTx tx) -> tx.ledger().balance(account));
    }

    private String intentStatus(Job job) {
        return storage.read((StoreTx tx) -> tx.jobs().intent(job.intentId()).orElseThrow().status());
    }

    @Test
    void waiting_jobs_are_never_claimed_and_one_accepted_proof_settles_every_member_once() {
        List<JobId> members = waiting(3);
        assertThat(market.claim(PROVER, any(8))).as("a waiting job is never claimed alone").isEmpty();
        assertThat(market.waitingForBatch(10)).extracting(Job::jobId).containsExactlyElementsOf(members);

        Job lead = form(members);
        assertThat(lead.jobId()).isEqualTo(members.getFirst());
        assertThat(market.waitingForBatch(10)).isEmpty();
        List<Job> claimed = market.claim(PROVER, any(8));
        assertThat(claimed).extracting(Job::jobId).as("only the lead is claimable").containsExactly(lead.jobId());
        assertThat(claimed.getFirst().params()).isEqualTo(batchParams(members));

        SubmitOutcome outcome = market.submit(lead.jobId(), PROVER, claimed.getFirst().leaseToken(),
                EchoKind.proofFor(batchParams(members)));
        assertThat(outcome.verdict().accepted()).isTrue();
        long paid = 0;
        for (JobId id : members) {
            Job settled = job(id);
            assertThat(settled.status()).isEqualTo(JobStatus.COMPLETED);
            assertThat(settled.resultRef()).isEqualTo(job(lead.jobId()).resultRef());
            assertThat(intentStatus(settled)).isEqualTo("proven");
            paid += settled.rewardBudget();
        }
        assertThat(balance(PROVER.text())).as("each member's own reward, once").isEqualTo(paid).isPositive();
        assertThat(completions).as("the metrics count every member paid, the riders too, once each")
                .containsExactly(EchoKind.NAME + " " + job(lead.jobId()).rewardBudget(),
                        BatchMember.WAITING_KIND + " " + job(members.get(1)).rewardBudget(),
                        BatchMember.WAITING_KIND + " " + job(members.get(2)).rewardBudget());
        assertThat(market.claim(PROVER, any(8))).isEmpty();
        assertThat(new LedgerAudit(storage).run().problems()).isEmpty();
    }

    @Test
    void a_settled_batch_moves_to_history_like_any_finished_job() {
        List<JobId> members = waiting(2);
        Job lead = form(members);
        Job claimed = market.claim(PROVER, any(8)).getFirst();
        market.submit(lead.jobId(), PROVER, claimed.leaseToken(), EchoKind.proofFor(batchParams(members)));

        clock.advance(org.pouw.core.market.HistorySettings.DEFAULT_AFTER_MS + 1);
        market.reap(100);

        for (JobId id : members) {
            assertThat(job(id).status()).as("read back from history").isEqualTo(JobStatus.COMPLETED);
            assertThat(storage.read((StoreTx tx) -> tx.jobs().list(new org.pouw.core.job.JobQuery(
                    JobStatus.COMPLETED, null, null, null, 0, 100))).stream().map(Job::jobId).toList())
                    .as("no longer in the hot table").doesNotContain(id);
        }
        assertThat(new LedgerAudit(storage).run().problems()).isEmpty();
    }

    @Test
    void a_job_in_one_batch_cannot_join_another_and_nothing_of_the_refused_batch_is_written() {
        List<JobId> ids = waiting(3);
        form(List.of(ids.get(0), ids.get(1)));

        assertThatThrownBy(() -> form(List.of(ids.get(2), ids.get(1))))
                .isInstanceOfSatisfying(PouwException.class, e -> assertThat(e.problem()).isEqualTo(Problem.CONFLICT))
                .hasMessageContaining(ids.get(1).hex());
        assertThat(job(ids.get(2)).kind()).isEqualTo(BatchMember.WAITING_KIND);
        assertThat(market.waitingForBatch(10)).extracting(Job::jobId).containsExactly(ids.get(2));

        JobId ordinary = bench.open(1, 1_000).intent().jobIds().getFirst();
        assertThatThrownBy(() -> form(List.of(ids.get(2), ordinary)))
                .isInstanceOfSatisfying(PouwException.class, e -> assertThat(e.problem()).isEqualTo(Problem.CONFLICT))
                .hasMessageContaining("not a pending job waiting for a batch");
        assertThatThrownBy(() -> form(List.of(ids.get(2), ids.get(2))))
                .isInstanceOfSatisfying(PouwException.class, e -> assertThat(e.problem()).isEqualTo(Problem.INVALID_REQUEST));
    }

    @Test
    void a_rejected_batch_proof_releases_every_member_to_be_proven_alone_and_each_is_paid_once() {
        List<JobId> members = waiting(3);
        Job lead = form(members);
        Job claimed = market.claim(PROVER, any(1)).getFirst();

        SubmitOutcome rejected = market.submit(lead.jobId(), PROVER, claimed.leaseToken(), "forged".getBytes());
        assertThat(rejected.verdict().accepted()).isFalse();

        assertThat(market.waitingForBatch(10)).as("never batched again").isEmpty();
        for (JobId id : members) {
            Job alone = job(id);
            assertThat(alone.kind()).isEqualTo(EchoKind.NAME);
            assertThat(alone.params()).isEqualTo("{\"intent\":" + (members.indexOf(id) + 2) + "}");
        }
        assertThatThrownBy(() -> market.submit(lead.jobId(), PROVER, claimed.leaseToken(),
                EchoKind.proofFor(batchParams(members)))).as("the batch proof on the old lease")
                .isInstanceOfSatisfying(PouwException.class,
                        e -> assertThat(e.problem()).isEqualTo(Problem.LEASE_LOST));
    }

    /** Claims and proves, each with its own params, every job there is; how many, and what they paid. */
    private long[] proveEachAlone() {
        long before = balance(PROVER.text());
        long expected = 0;
        int done = 0;
        List<Job> alone;
        while (!(alone = market.claim(PROVER, any(1))).isEmpty()) {
            Job job = alone.getFirst();
            assertThat(market.submit(job.jobId(), PROVER, job.leaseToken(), EchoKind.proofFor(job.params()))
                    .verdict().accepted()).isTrue();
            expected += job.rewardBudget();
            done++;
        }
        assertThat(balance(PROVER.text()) - before).as("each paid once").isEqualTo(expected);
        return new long[] {done, expected};
    }

    @Test
    void a_given_up_or_lapsed_batch_lease_releases_its_members_at_once() {
        List<JobId> first = waiting(2);
        form(first);
        Job claimed = market.claim(PROVER, any(1)).getFirst();
        market.fail(claimed.jobId(), PROVER, claimed.leaseToken(), "giving up");
        assertThat(first).allSatisfy(id -> assertThat(job(id).kind()).isEqualTo(EchoKind.NAME));
        assertThat(proveEachAlone()[0]).isEqualTo(2);

        List<JobId> second = waiting(2);
        form(second);
        Job lapsing = market.claim(PROVER, any(1)).getFirst();
        assertThat(lapsing.jobId()).isEqualTo(second.getFirst());
        clock.advance(lapsing.leaseExpiresAtMs() - clock.millis() + 1);
        market.reap(100);
        for (JobId id : second) {
            assertThat(job(id).kind()).isEqualTo(EchoKind.NAME);
            assertThat(job(id).status()).isEqualTo(JobStatus.PENDING);
        }
        assertThat(market.waitingForBatch(10)).as("never batched again").isEmpty();
        assertThat(proveEachAlone()[0]).isEqualTo(2);
        assertThat(second).allSatisfy(id -> assertThat(job(id).status()).isEqualTo(JobStatus.COMPLETED));
        assertThat(new LedgerAudit(storage).run().problems()).isEmpty();
    }
}
