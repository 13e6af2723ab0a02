package org.pouw.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.pouw.core.Clock;
import org.pouw.crypto.Ed25519;

/** The two ways an embedder steers the loop besides stop: waking an idle loop, and running until a condition holds. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class WorkerLoopControlIT {
    private static final byte[] PROOF = "the proof".getBytes(StandardCharsets.UTF_8);

    private final RecordingDisplay display = new RecordingDisplay();
    private FixtureNode node;
    private Worker worker;

    @BeforeEach
    void startNode() throws Exception {
        node = FixtureNode.start();
    }

    @AfterEach
    void stopAll() {
        if (worker != null) {
            worker.stop();
        }
        node.close();
    }

    private Worker worker(Duration idle) {
        WorkerOptions options = WorkerOptions.defaults(node.uri(), Ed25519.KeyPair.generate())
                .withRetry(Duration.ofMillis(20), Duration.ofMillis(200))
                .withIdlePolling(idle, idle)
                .withShutdownGrace(Duration.ofSeconds(2))
                .withRequestTimeout(Duration.ofSeconds(5));
        worker = new Worker(options, List.of(new TestProver((item, progress) -> PROOF)), display, Clock.system(),
                new SplittableRandom(7));
        return worker;
    }

    @Test
    void wakeUpEndsAnIdleWaitSoNewWorkIsClaimedAtOnce() {
        Worker idle = worker(Duration.ofMinutes(1));
        idle.start();
        await().atMost(Duration.ofSeconds(10)).until(() -> !display.events(WorkerEvent.Backoff.class).isEmpty());
        String id = node.addJob(TestProver.KIND, PROOF, 5);

        idle.wakeUp();

        // Far inside the minute the idle wait would otherwise last.
        await().atMost(Duration.ofSeconds(10)).until(() -> idle.stats().completed() == 1);
        assertThat(node.status(id)).isEqualTo("completed");
    }

    @Test
    void runUntilReturnsOnItsOwnOnceTheConditionHolds() {
        String first = node.addJob(TestProver.KIND, PROOF, 5);
        String second = node.addJob(TestProver.KIND, PROOF, 5);

        WorkerStats.Snapshot totals = worker(Duration.ofMillis(10)).runUntil(
                () -> node.status(first).equals("completed") && node.status(second).equals("completed"));

        assertThat(totals.completed()).isEqualTo(2);
        assertThat(totals.totalReward()).isEqualTo(10);
        assertThat(worker.isStopped()).isTrue();
        assertThat(display.events().getLast()).isInstanceOfSatisfying(WorkerEvent.Stopped.class,
                stopped -> assertThat(stopped.error()).isEmpty());
    }
}
