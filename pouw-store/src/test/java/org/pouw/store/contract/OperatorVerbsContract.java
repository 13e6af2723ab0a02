package org.pouw.store.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.pouw.core.PouwException;
import org.pouw.core.Problem;
import org.pouw.core.SettableClock;
import org.pouw.core.event.Event;
import org.pouw.core.id.Did;
import org.pouw.core.id.JobId;
import org.pouw.core.job.Attempt;
import org.pouw.core.job.AttemptOutcome;
import org.pouw.core.job.ClaimRequest;
import org.pouw.core.job.Job;
import org.pouw.core.job.JobStatus;
import org.pouw.core.ledger.Accounts;
import org.pouw.core.ledger.EntryDraft;
import org.pouw.core.ledger.LedgerEntry;
import org.pouw.core.market.DisciplineSettings;
import org.pouw.core.market.IntentRecord;
import org.pouw.core.market.JobMarket;
import org.pouw.core.market.MarketObserver;
import org.pouw.core.market.MarketOperator;
import org.pouw.core.market.SubmitOutcome;
import org.pouw.core.operator.AdminAction;
import org.pouw.core.port.StoreTx;
import org.pouw.core.work.WorkKinds;
import org.pouw.store.support.AuditedEchoKind;
import org.pouw.store.support.EchoKind;
import org.pouw.store.support.MarketBench;
import org.pouw.store.support.SampleJobs;

/**
 * The operator's verbs (issue 25, defect 8) and the worker's release (defect 9) on each database, each attack a
 * test: a cancel twice, after completion, a submission after a cancel, a banned prover claiming and submitting, a
 * worker releasing past its budget or after its audit challenge. Money is checked in the ledger itself.
 */
public abstract class OperatorVerbsContract extends StorageTestBase {
    private static final long START = 1_700_000_000_000L;
    private static final Did ADMIN = Did.of(SampleJobs.did("admin"));
    private static final Did PROVER = Did.of(SampleJobs.did("prover"));
    private static final Did OTHER = Did.of(SampleJobs.did("other-prover"));
    private static final int RELEASE_BUDGET = 2;

    private final SettableClock clock = new SettableClock(START);
    private final List<AdminAction> audited = new ArrayList<>();
    private MarketBench bench;
    private JobMarket market;
    private MarketOperator operator;

    @BeforeEach
    void openMarket() {
        DisciplineSettings loose = MarketBench.SETTINGS.discipline();
        MarketObserver audit = new MarketObserver() {
            @Override
            public void adminActed(AdminAction action) {
                audited.add(action);
            }
        };
        bench = new MarketBench(storage, clock, new WorkKinds(List.of(new EchoKind(), new AuditedEchoKind())),
                audit, MarketBench.SETTINGS.withDiscipline(new DisciplineSettings(loose.strikeBudget(),
                        loose.networkStrikeBudget(), loose.windowMs(), loose.quarantineMs(), loose.probationMs(),
                        loose.newProverMaxJobs(), loose.newProverMaxLeaseMs(), loose.graceMs(), RELEASE_BUDGET)));
        market = bench.market();
        operator = market.operator();
        bench.fund(MarketBench.CLIENT, 1_000_000);
    }

    private static ClaimRequest one() {
        return new ClaimRequest(List.of(), List.of(), 1, 0);
    }

    private long balance(String account) {
        return storage.read((StoreTx tx) -> tx.ledger().balance(account));
    }

    private Job job(JobId jobId) {
        return market.job(jobId).orElseThrow();
    }

    private List<Event> events(String type) {
        return storage.read((StoreTx tx) -> tx.events().after(0, 10_000)).stream()
                .filter(event -> event.type().equals(type)).toList();
    }

    private SubmitOutcome complete(Did prover, Job leased) {
        return market.submit(leased.jobId(), prover, leased.leaseToken(), EchoKind.proofFor(leased.params()));
    }

    @Test
    void a_pause_refuses_claims_with_a_retry_after_while_posting_and_submitting_go_on() {
        bench.open(2, 2_000);
        Job held = market.claim(PROVER, one()).getFirst();

        operator.pauseClaiming(ADMIN, "database upgrade");

        assertThatThrownBy(() -> market.claim(OTHER, one())).isInstanceOfSatisfying(PouwException.class, e -> {
            assertThat(e.problem()).isEqualTo(Problem.CLAIMING_PAUSED);
            assertThat(e.retryAfterMs()).isPositive();
            assertThat(e.getMessage()).contains("database upgrade");
        });
        assertThat(bench.open(1, 1_000).jobs()).as("posting still works").hasSize(1);
        assertThat(complete(PROVER, held).verdict().accepted()).as("a lease in hand still completes").isTrue();
        assertThat(operator.claimingPause()).isPresent();
        assertThatThrownBy(() -> operator.pauseClaiming(ADMIN, "again"))
                .isInstanceOfSatisfying(PouwException.class, e -> assertThat(e.problem()).isEqualTo(Problem.CONFLICT));

        operator.resumeClaiming(ADMIN);

        assertThat(market.claim(OTHER, one())).hasSize(1);
        assertThat(operator.claimingPause()).isEmpty();
        assertThatThrownBy(() -> operator.resumeClaiming(ADMIN))
                .isInstanceOfSatisfying(PouwException.class, e -> assertThat(e.problem()).isEqualTo(Problem.CONFLICT));
        assertThat(audited).extracting(AdminAction::action).containsExactly("claiming.pause", "claiming.resume");
        assertThat(events("admin.action")).hasSize(2)
                .allSatisfy(event -> assertThat(event.data()).contains(ADMIN.text()));
    }

    @Test
    void cancelling_a_pending_job_refunds_its_fee_once_and_a_second_cancel_changes_nothing() {
        IntentRecord intent = bench.open(2, 2_000);
        Job target = intent.jobs().getFirst();
        long before = balance(MarketBench.CLIENT);
        long reserved = balance(Accounts.POOL_RESERVED);

        MarketOperator.Outcome outcome = operator.cancelJob(ADMIN, target.jobId(), "posted by mistake");

        assertThat(outcome.refunded()).isEqualTo(target.feeBudget()).isPositive();
        assertThat(balance(MarketBench.CLIENT)).isEqualTo(before + target.feeBudget());
        assertThat(balance(Accounts.POOL_RESERVED)).isEqualTo(reserved - target.feeBudget());
        Job cancelled = job(target.jobId());
        assertThat(cancelled.status()).isEqualTo(JobStatus.FAILED);
        assertThat(cancelled.lastError()).contains("cancelled by " + ADMIN.text()).contains("posted by mistake");
        LedgerEntry refund = storage.read((StoreTx tx) -> tx.ledger().byKey(EntryDraft.refundKey(target.jobId())))
                .orElseThrow();
        assertThat(outcome.action().ledgerSeqs()).containsExactly(refund.seq());
        assertThat(storage.read((StoreTx tx) -> tx.jobs().intent(intent.intent().intentId())).orElseThrow().status())
                .isEqualTo("cancelled");

        assertThatThrownBy(() -> operator.cancelJob(ADMIN, target.jobId(), "again"))
                .isInstanceOfSatisfying(PouwException.class, e -> {
                    assertThat(e.problem()).isEqualTo(Problem.CONFLICT);
                    assertThat(e.getMessage()).contains("cancelled already");
                });
        assertThat(balance(MarketBench.CLIENT)).as("refunded once").isEqualTo(before + target.feeBudget());
        assertThat(market.claim(PROVER, new ClaimRequest(List.of(), List.of(), 8, 0)))
                .as("a cancelled job is never offered again").extracting(Job::jobId)
                .doesNotContain(target.jobId());
        assertThat(events("job.cancelled")).hasSize(1);
    }

    @Test
    void a_cancelled_jobs_lease_ends_and_a_result_submitted_after_the_cancel_is_refused_and_not_paid() {
        bench.open(1, 2_000);
        Job leased = market.claim(PROVER, one()).getFirst();

        operator.cancelJob(ADMIN, leased.jobId(), "");

        assertThatThrownBy(() -> complete(PROVER, leased)).isInstanceOfSatisfying(PouwException.class,
                e -> assertThat(e.problem()).isEqualTo(Problem.LEASE_LOST));
        assertThatThrownBy(() -> market.renew(leased.jobId(), PROVER, leased.leaseToken(), 10_000))
                .isInstanceOfSatisfying(PouwException.class,
                        e -> assertThat(e.problem()).isEqualTo(Problem.LEASE_LOST));
        assertThat(balance(PROVER.text())).as("nothing paid").isZero();
        assertThat(storage.read((StoreTx tx) -> tx.ledger().byKey(EntryDraft.rewardKey(leased.jobId())))).isEmpty();
        List<Attempt> attempts = storage.read((StoreTx tx) -> tx.jobs().attempts(leased.jobId()));
        assertThat(attempts).extracting(Attempt::outcome).containsExactly(AttemptOutcome.CANCELLED);
    }

    @Test
    void a_completed_job_cannot_be_cancelled_and_its_requester_gets_nothing_back() {
        bench.open(1, 2_000);
        Job leased = market.claim(PROVER, one()).getFirst();
        assertThat(complete(PROVER, leased).verdict().accepted()).isTrue();
        long before = balance(MarketBench.CLIENT);

        assertThatThrownBy(() -> operator.cancelJob(ADMIN, leased.jobId(), ""))
                .isInstanceOfSatisfying(PouwException.class, e -> {
                    assertThat(e.problem()).isEqualTo(Problem.CONFLICT);
                    assertThat(e.getMessage()).contains("completed");
                });
        assertThat(balance(MarketBench.CLIENT)).isEqualTo(before);
        assertThat(storage.read((StoreTx tx) -> tx.ledger().byKey(EntryDraft.refundKey(leased.jobId())))).isEmpty();
        assertThat(audited).as("a refused verb is no action").isEmpty();
    }

    @Test
    void cancelling_an_intent_refunds_every_open_job_and_keeps_the_completed_one_paid() {
        IntentRecord intent = bench.open(3, 3_000);
        Job first = market.claim(PROVER, one()).getFirst();
        assertThat(complete(PROVER, first).verdict().accepted()).isTrue();
        long paid = balance(PROVER.text());
        Job leased = market.claim(OTHER, one()).getFirst();
        long before = balance(MarketBench.CLIENT);

        MarketOperator.Outcome outcome = operator.cancelIntent(ADMIN, intent.intent().intentId(), "client asked");

        long open = intent.jobs().stream().filter(job -> !job.jobId().equals(first.jobId()))
                .mapToLong(Job::feeBudget).sum();
        assertThat(outcome.jobs()).hasSize(2);
        assertThat(outcome.refunded()).isEqualTo(open);
        assertThat(outcome.action().ledgerSeqs()).hasSize(2);
        assertThat(balance(MarketBench.CLIENT)).isEqualTo(before + open);
        assertThat(balance(PROVER.text())).isEqualTo(paid);
        assertThat(job(first.jobId()).status()).isEqualTo(JobStatus.COMPLETED);
        assertThat(job(leased.jobId()).status()).isEqualTo(JobStatus.FAILED);
        assertThat(events("intent.cancelled")).hasSize(1);
        assertThatThrownBy(() -> operator.cancelIntent(ADMIN, intent.intent().intentId(), ""))
                .isInstanceOfSatisfying(PouwException.class, e -> assertThat(e.problem()).isEqualTo(Problem.CONFLICT));
        assertThat(balance(MarketBench.CLIENT)).isEqualTo(before + open);
    }

    @Test
    void a_ban_ends_the_provers_leases_and_refuses_its_claims_and_submissions_until_lifted() {
        bench.open(3, 3_000);
        Job leased = market.claim(PROVER, one()).getFirst();

        MarketOperator.Outcome outcome = operator.ban(ADMIN, PROVER.text(), "stolen key");

        assertThat(outcome.jobs()).extracting(Job::jobId).containsExactly(leased.jobId());
        Job back = job(leased.jobId());
        assertThat(back.status()).isEqualTo(JobStatus.PENDING);
        assertThat(back.maxRetries()).as("the ended attempt is not the job's to pay for")
                .isEqualTo(leased.maxRetries() + 1);
        assertThatThrownBy(() -> complete(PROVER, leased)).isInstanceOfSatisfying(PouwException.class,
                e -> assertThat(e.problem()).isEqualTo(Problem.PROVER_BANNED));
        assertThatThrownBy(() -> market.claim(PROVER, one())).isInstanceOfSatisfying(PouwException.class, e -> {
            assertThat(e.problem()).isEqualTo(Problem.PROVER_BANNED);
            assertThat(e.getMessage()).contains("stolen key");
        });
        assertThat(balance(PROVER.text())).isZero();
        assertThat(market.claim(OTHER, one())).as("others still claim").hasSize(1);
        assertThatThrownBy(() -> operator.ban(ADMIN, PROVER.text(), "again"))
                .isInstanceOfSatisfying(PouwException.class, e -> assertThat(e.problem()).isEqualTo(Problem.CONFLICT));
        assertThat(operator.bans(10)).extracting(ban -> ban.proverId()).containsExactly(PROVER.text());

        operator.unban(ADMIN, PROVER.text());

        assertThat(market.claim(PROVER, one())).hasSize(1);
        assertThatThrownBy(() -> operator.unban(ADMIN, PROVER.text()))
                .isInstanceOfSatisfying(PouwException.class, e -> assertThat(e.problem()).isEqualTo(Problem.NOT_FOUND));
        assertThatThrownBy(() -> operator.ban(ADMIN, "not-a-did", ""))
                .isInstanceOfSatisfying(PouwException.class, e -> assertThat(e.field()).isEqualTo("prover"));
        assertThat(audited).extracting(AdminAction::action).containsExactly("prover.ban", "prover.unban");
    }

    @Test
    void a_release_returns_the_job_without_spending_a_retry_until_the_budget_is_spent() {
        bench.open(RELEASE_BUDGET + 2, 4_000);
        // in good standing, so that a release counted as a failure spends a retry (a new prover's never do)
        assertThat(complete(PROVER, market.claim(PROVER, one()).getFirst()).verdict().accepted()).isTrue();
        for (int i = 0; i < RELEASE_BUDGET; i++) {
            Job leased = market.claim(PROVER, one()).getFirst();
            Job released = market.release(leased.jobId(), PROVER, leased.leaseToken());
            assertThat(released.status()).isEqualTo(JobStatus.PENDING);
            assertThat(released.maxRetries()).isEqualTo(leased.maxRetries() + 1);
            assertThat(storage.read((StoreTx tx) -> tx.jobs().attempts(leased.jobId())).getLast().outcome())
                    .isEqualTo(AttemptOutcome.RELEASED);
        }
        assertThat(storage.read((StoreTx tx) -> tx.standing().strikesOfProver(PROVER.text(), 0))).isZero();

        Job leased = market.claim(PROVER, one()).getFirst();
        Job counted = market.release(leased.jobId(), PROVER, leased.leaseToken());

        assertThat(counted.maxRetries()).as("past the budget a release spends a retry").isEqualTo(leased.maxRetries());
        assertThat(storage.read((StoreTx tx) -> tx.jobs().attempts(leased.jobId())).getLast().outcome())
                .isEqualTo(AttemptOutcome.WORKER_FAILED);
        assertThat(storage.read((StoreTx tx) -> tx.standing().strikesOfProver(PROVER.text(), 0))).isEqualTo(1);
        assertThatThrownBy(() -> market.release(leased.jobId(), PROVER, leased.leaseToken()))
                .isInstanceOfSatisfying(PouwException.class,
                        e -> assertThat(e.problem()).isEqualTo(Problem.LEASE_LOST));
    }

    @Test
    void a_release_after_the_audit_challenge_was_drawn_counts_as_a_failure() {
        bench.openAudited(2_000, false);
        Job leased = market.claim(PROVER, one()).getFirst();
        market.commit(leased.jobId(), PROVER, leased.leaseToken(), leased.params().getBytes());

        Job released = market.release(leased.jobId(), PROVER, leased.leaseToken());

        assertThat(released.maxRetries()).isEqualTo(leased.maxRetries());
        assertThat(storage.read((StoreTx tx) -> tx.jobs().attempts(leased.jobId())).getLast().outcome())
                .isEqualTo(AttemptOutcome.WORKER_FAILED);
    }

    @Test
    void releases_older_than_the_window_are_forgotten_by_the_reaper() {
        bench.open(1, 1_000);
        Job leased = market.claim(PROVER, one()).getFirst();
        market.release(leased.jobId(), PROVER, leased.leaseToken());
        assertThat(storage.read((StoreTx tx) -> tx.operator().releasesSince(PROVER.text(), 0))).isEqualTo(1);

        clock.advance(MarketBench.SETTINGS.discipline().windowMs() + 1);
        market.reap(100);

        assertThat(storage.read((StoreTx tx) -> tx.operator().releasesSince(PROVER.text(), 0))).isZero();
    }
}
