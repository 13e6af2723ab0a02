package org.pouw.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.pouw.client.NodeException;
import org.pouw.client.jobs.Lease;
import org.pouw.core.Clock;
import org.pouw.core.job.WorkerCapacity;

/**
 * The worker's side of training progress (issue 29): the prover's thread only hands steps over, the newest is sent
 * when the market will hear it, one report is always out before the commitment, and a lease refusal ends the reports.
 */
class TrainingProgressSenderTest {
    /** A market that records the reports it hears and answers them as told; the rest of the port is not used. */
    static final class ReportingMarket implements MarketAccess {
        final List<Long> steps = new CopyOnWriteArrayList<>();
        final java.util.concurrent.atomic.AtomicInteger calls = new java.util.concurrent.atomic.AtomicInteger();
        volatile RuntimeException refusal;

        @Override
        public long reportProgress(String jobId, String leaseToken, long step, double loss) {
            calls.incrementAndGet();
            if (refusal != null) {
                throw refusal;
            }
            steps.add(step);
            return 60_000; // the next report a minute away: nothing more is heard during a test
        }

        @Override
        public String did() {
            return "did:key:test";
        }

        @Override
        public String location() {
            return "test";
        }

        @Override
        public List<ClaimedJob> claim(List<String> kinds, List<String> tiers, int maxJobs, long leaseMs,
                                      long minReward, WorkerCapacity capacity) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Lease renew(String jobId, String leaseToken, long extendMs) {
            throw new UnsupportedOperationException();
        }

        @Override
        public byte[] commit(String jobId, String leaseToken, byte[] commitment) {
            throw new UnsupportedOperationException();
        }

        @Override
        public SubmitResult submit(String jobId, String leaseToken, byte[] proof) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Optional<SubmitResult> settled(String jobId, int attemptNo) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void fail(String jobId, String leaseToken, String reason) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void release(String jobId, String leaseToken) {
            throw new UnsupportedOperationException();
        }

        @Override
        public byte[] blob(String jobId, String key) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void close() {
        }
    }

    @Test
    void a_quick_run_still_reports_one_step_before_its_commitment_and_no_more_than_the_market_hears() {
        ReportingMarket market = new ReportingMarket();
        TrainingProgressSender sender = new TrainingProgressSender(market, "job", () -> "token", Clock.system());
        for (long step = 1; step <= 500; step++) {
            sender.offer(step, 1.0 / step);
        }
        sender.finish();
        // Whether the sender's thread took a step first or finish() sent the newest, exactly one was heard, before
        // finish() returned; the market asked for a minute's pause, so no second one.
        assertThat(market.steps).hasSize(1);
        assertThat(market.steps.getFirst()).isBetween(1L, 500L);
        sender.offer(501, 0.001);
        assertThat(market.steps).hasSize(1);
    }

    @Test
    void a_refused_lease_ends_the_reports_and_a_diverged_loss_is_not_sent() {
        ReportingMarket market = new ReportingMarket();
        market.refusal = new NodeException(409, "lease_lost", "lease_token does not hold job");
        TrainingProgressSender sender = new TrainingProgressSender(market, "job", () -> "token", Clock.system());
        sender.offer(1, Double.NaN);
        sender.offer(2, 0.5);
        await().atMost(Duration.ofSeconds(30)).until(() -> market.calls.get() == 1);
        market.refusal = null;
        sender.offer(3, 0.4);
        sender.finish();
        assertThat(market.steps).isEmpty();
        assertThat(market.calls).hasValue(1);
    }
}
