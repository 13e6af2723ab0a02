package org.pouw.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pouw.core.Clock;
import org.pouw.gate.redeem.Redemptions;
import org.pouw.gate.reward.RewardPayouts;
import org.pouw.gate.reward.RewardPayouts.Outcome;
import org.pouw.store.GateStores;
import org.pouw.store.jdbc.SqlPartnerBudgets;
import org.pouw.store.jdbc.SqlRewardPayouts;

/**
 * The node prunes {@code receipt_emissions} and {@code partner_budgets} on its own timer and its own clock
 * ({@code gate.prune_interval_ms}), so the tables hold only intervals some node may still count in: rows of intervals
 * that ended more than {@code gate.clock_skew_ms} ago go, the current interval and the one that ended within the skew
 * stay. The rows are written through the node's own adapters on its real SQLite file.
 */
class GateCountPruningTest {
    private static final long MINUTE = 60_000;

    @TempDir
    Path dir;

    @Test
    void theNodesTimerForgetsEndedIntervalsAndKeepsLiveOnes() {
        // The system's time until pinned: the start-up check compares the node's clock with the database's.
        AtomicLong pinned = new AtomicLong(-1);
        Clock clock = () -> pinned.get() < 0 ? System.currentTimeMillis() : pinned.get();
        Map<String, String> settings = Map.ofEntries(Map.entry("gate.enabled", "true"),
                Map.entry("gate.challenge_key_file", dir.resolve("challenge.key").toString()),
                Map.entry("gate.token_key_file", dir.resolve("token.key").toString()),
                Map.entry("auth.token_secret_file", dir.resolve("login.secret").toString()),
                Map.entry("gate.clock_skew_ms", "5000"), Map.entry("gate.prune_interval_ms", "50"),
                Map.entry("receipts.hashcash.amount", "10"), Map.entry("receipts.hashcash.emission_cap", "1000"),
                Map.entry("receipts.hashcash.interval_ms", Long.toString(MINUTE)),
                Map.entry("receipts.pool_fund", "1000"));
        try (RunningNode node = new RunningNode(dir.resolve("node"), settings, clock)) {
            SqlRewardPayouts emissions = GateStores.rewardPayouts(node.node.storage(), clock);
            SqlPartnerBudgets budgets = GateStores.partnerBudgets(node.node.storage());
            // The node's clock is pinned 2 s into the next interval: the previous one ended 2 s ago, within the skew.
            long now = clock.millis() - Math.floorMod(clock.millis(), MINUTE) + MINUTE;
            pinned.set(now + 2_000);
            long ended = now - 2 * MINUTE;
            long justEnded = now - MINUTE;
            for (long start : new long[] {ended, justEnded, now}) {
                assertThat(emissions.payOnce(new RewardPayouts.RewardClaim(Redemptions.challengeKey("c" + start),
                        now + MINUTE, "did:key:z6Mkon3Necd6NkkyfoGoHxid2znGc59LU3K7mubaRcFbLfLX", 10,
                        RewardPayouts.ledgerKey("c" + start), start, 1_000))).isEqualTo(Outcome.PAID);
                assertThat(budgets.tryTake("acme", start, 5, start + MINUTE)).isTrue();
            }

            await().atMost(Duration.ofSeconds(30)).until(() -> emissions.emitted(ended) == 0
                    && budgets.taken("acme", ended) == 0);
            // One prune turn forgets both tables' rows at once, so the turn that took them judged these too.
            assertThat(emissions.emitted(justEnded)).as("a node 5 s behind still counts in it").isEqualTo(10);
            assertThat(budgets.taken("acme", justEnded)).isEqualTo(1);
            assertThat(emissions.emitted(now)).isEqualTo(10);
            assertThat(budgets.taken("acme", now)).isEqualTo(1);

            pinned.set(now + 5_001);
            await().atMost(Duration.ofSeconds(30)).until(() -> emissions.emitted(justEnded) == 0
                    && budgets.taken("acme", justEnded) == 0);
            assertThat(emissions.emitted(now)).as("the current interval is never forgotten").isEqualTo(10);
            assertThat(budgets.taken("acme", now)).isEqualTo(1);
        }
    }
}
