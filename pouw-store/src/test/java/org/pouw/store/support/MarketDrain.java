package org.pouw.store.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.pouw.core.id.Did;
import org.pouw.core.id.IntentId;
import org.pouw.core.id.JobId;
import org.pouw.core.job.Attempt;
import org.pouw.core.job.AttemptOutcome;
import org.pouw.core.job.ClaimRequest;
import org.pouw.core.job.Job;
import org.pouw.core.job.JobQuery;
import org.pouw.core.job.QueueStats;
import org.pouw.core.ledger.EntryKind;
import org.pouw.core.ledger.LedgerAudit;
import org.pouw.core.ledger.LedgerEntry;
import org.pouw.core.market.JobMarket;
import org.pouw.core.market.Submission;
import org.pouw.core.market.SubmissionResult;
import org.pouw.core.port.Storage;
import org.pouw.core.port.StoreTx;

/**
 * Many workers drain one market through one or more nodes (each node its own {@link JobMarket} on its own
 * storage, all on one database), then the books are checked: every job completed exactly once by exactly one
 * holder, one reward per job, no intent left unproven, and an audit that balances.
 */
public final class MarketDrain {
    private final List<JobMarket> nodes;
    private final int workers;
    private final int batch;
    private final Map<JobId, String> claimedBy = new ConcurrentHashMap<>();
    private final AtomicInteger doubleClaims = new AtomicInteger();
    private final AtomicInteger completed = new AtomicInteger();

    public MarketDrain(List<JobMarket> nodes, int workers, int batch) {
        this.nodes = List.copyOf(nodes);
        this.workers = workers;
        this.batch = batch;
    }

    /** Runs every worker until no job is left to claim; returns the completions per second. */
    public double drain() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(workers);
        long started = System.nanoTime();
        try {
            List<Future<?>> running = new ArrayList<>();
            for (int w = 0; w < workers; w++) {
                JobMarket node = nodes.get(w % nodes.size());
                String prover = SampleJobs.did("worker-" + w);
                boolean batched = w % 2 == 0;
                running.add(pool.submit(() -> work(node, prover, batched)));
            }
            for (Future<?> worker : running) {
                worker.get();
            }
        } finally {
            pool.shutdownNow();
        }
        return completed.get() / ((System.nanoTime() - started) / 1e9);
    }

    /** Half the workers hand in each claimed batch at once (batched completions), half one proof at a time. */
    private Void work(JobMarket node, String prover, boolean batched) {
        ClaimRequest request = new ClaimRequest(List.of(), List.of(), batch, 0);
        Did who = Did.of(prover);
        List<Job> jobs;
        while (!(jobs = node.claim(who, request)).isEmpty()) {
            List<Submission> proofs = new ArrayList<>();
            for (Job job : jobs) {
                if (claimedBy.putIfAbsent(job.jobId(), prover) != null) {
                    doubleClaims.incrementAndGet();
                }
                proofs.add(new Submission(job.jobId(), job.leaseToken(), EchoKind.proofFor(job.params())));
            }
            if (batched) {
                for (SubmissionResult result : node.submitAll(who, proofs)) {
                    if (result.outcome() == SubmissionResult.Outcome.ACCEPTED) {
                        completed.incrementAndGet();
                    }
                }
            } else {
                for (Submission proof : proofs) {
                    if (node.submit(proof.jobId(), who, proof.leaseToken(), proof.proof()).verdict().accepted()) {
                        completed.incrementAndGet();
                    }
                }
            }
        }
        return null;
    }

    /** Everything a correct market leaves behind once {@code expectedJobs} jobs have been drained. */
    public void assertSettledExactlyOnce(Storage storage, int expectedJobs, long rewardPerJob) {
        assertThat(doubleClaims).as("jobs claimed by a second holder").hasValue(0);
        assertThat(completed).hasValue(expectedJobs);
        assertThat(storage.read((StoreTx tx) -> tx.jobs().stats()))
                .isEqualTo(new QueueStats(0, 0, expectedJobs, 0, 0, 0));

        Set<JobId> jobIds = new HashSet<>();
        Set<IntentId> intents = new HashSet<>();
        storage.read((StoreTx tx) -> {
            long cursor = 0;
            List<Job> page;
            while (!(page = tx.jobs().list(new JobQuery(null, null, null, null, cursor, 1_000))).isEmpty()) {
                for (Job job : page) {
                    jobIds.add(job.jobId());
                    intents.add(job.intentId());
                    List<Attempt> history = tx.jobs().attempts(job.jobId());
                    assertThat(history).as("history of " + job.jobId()).singleElement()
                            .extracting(Attempt::outcome).isEqualTo(AttemptOutcome.COMPLETED);
                    assertThat(history.getFirst().proverId()).isEqualTo(claimedBy.get(job.jobId()));
                    cursor = job.createdSeq();
                }
            }
            for (IntentId intentId : intents) {
                assertThat(tx.jobs().intent(intentId)).as("intent " + intentId)
                        .hasValueSatisfying(intent -> assertThat(intent.status()).isEqualTo("proven"));
            }
            return null;
        });
        assertThat(jobIds).hasSize(expectedJobs).isEqualTo(claimedBy.keySet());

        Map<JobId, Integer> rewardsPerJob = new HashMap<>();
        long paid = 0;
        for (LedgerEntry entry : storage.read((StoreTx tx) -> tx.ledger().entries(0, Integer.MAX_VALUE))) {
            if (entry.kind() == EntryKind.REWARD) {
                entry.jobIds().forEach(id -> rewardsPerJob.merge(id, 1, Integer::sum));
                paid += entry.postings().stream().filter(p -> p.account().startsWith("did:"))
                        .mapToLong(p -> p.amount()).sum();
            }
        }
        assertThat(rewardsPerJob.keySet()).isEqualTo(jobIds);
        assertThat(rewardsPerJob.values()).allMatch(count -> count == 1);
        assertThat(paid).isEqualTo(expectedJobs * rewardPerJob);
        assertThat(storage.read((StoreTx tx) -> tx.ledger().pool()).totalPaid()).isEqualTo(paid);

        LedgerAudit.Report audit = new LedgerAudit(storage).run();
        assertThat(audit.problems()).isEmpty();

        long lastEvent = storage.read((StoreTx tx) -> tx.events().lastSeq());
        long[] expectedSeq = {1};
        storage.read((StoreTx tx) -> {
            long after = 0;
            List<org.pouw.core.event.Event> page;
            while (!(page = tx.events().after(after, 5_000)).isEmpty()) {
                for (var event : page) {
                    assertThat(event.seq()).as("event numbers are dense").isEqualTo(expectedSeq[0]++);
                    after = event.seq();
                }
            }
            return null;
        });
        assertThat(expectedSeq[0] - 1).isEqualTo(lastEvent);
    }
}
