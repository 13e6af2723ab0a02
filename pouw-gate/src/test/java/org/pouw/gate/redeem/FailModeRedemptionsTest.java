package org.pouw.gate.redeem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.pouw.core.SettableClock;
import org.pouw.gate.GateVerdict;
import org.pouw.gate.RejectionReason;

/**
 * The fail modes' rules, turned by a settable clock over an in-memory store that can be cut off. The same rules over
 * a real Redis that is killed are in pouw-store's {@code RedisFailOpenIT}.
 */
class FailModeRedemptionsTest {
    private static final long T0 = 1_760_000_000_000L;
    private static final long KEEP = T0 + 65_000;
    private final SettableClock clock = new SettableClock(T0);
    private final CutOffRedemptions store = new CutOffRedemptions();
    private final AtomicInteger tokens = new AtomicInteger();

    private FailModeRedemptions node(FailMode mode, int cap) {
        return new FailModeRedemptions(store, new RedemptionSettings(RedemptionSettings.SQL, "", 5_000, mode,
                30_000, cap), clock);
    }

    private GateVerdict<Integer> token(Redemptions redemptions, String id) {
        return redemptions.redeem(Redemptions.challengeKey(id), KEEP,
                Grant.stateless(() -> GateVerdict.accepted(tokens.incrementAndGet())));
    }

    private static RejectionReason reason(GateVerdict<?> verdict) {
        return verdict instanceof GateVerdict.Rejected<?> rejected ? rejected.reason() : null;
    }

    @Test
    void failSafeRefusesWhateverTheTimeAndGrantsNothing() {
        FailModeRedemptions node = node(FailMode.FAIL_SAFE, 10);
        node.issued("c1", KEEP);
        store.reachable = false;
        assertThat(reason(token(node, "c1"))).isEqualTo(RejectionReason.STORE_UNAVAILABLE);
        clock.advance(31_000);
        assertThat(reason(token(node, "c1"))).isEqualTo(RejectionReason.STORE_UNAVAILABLE);
        assertThat(node.state()).isEqualTo(FailModeRedemptions.State.FAILING);
        assertThat(tokens).hasValue(0);

        store.reachable = true;
        assertThat(token(node, "c1").isAccepted()).isTrue();
        assertThat(node.state()).isEqualTo(FailModeRedemptions.State.NORMAL);
    }

    /** The yes-or-no redemption has no room for "unknown": an unreachable store is a typed exception. */
    @Test
    void redeemOnceOnAnUnreachableStoreThrowsTheTypedException() {
        FailModeRedemptions node = node(FailMode.FAIL_SAFE, 10);
        store.reachable = false;
        assertThatThrownBy(() -> node.redeemOnce("chal:c1", KEEP))
                .isInstanceOf(RedemptionStoreUnavailableException.class).hasMessageContaining("chal:c1");
        store.reachable = true;
        assertThat(node.redeemOnce("chal:c1", KEEP)).isTrue();
    }

    @Test
    void failOpenIsEnteredOnlyAfterSustainedFailure() {
        FailModeRedemptions node = node(FailMode.FAIL_OPEN, 10);
        node.issued("c1", KEEP);
        store.reachable = false;
        assertThat(reason(token(node, "c1"))).isEqualTo(RejectionReason.STORE_UNAVAILABLE);
        clock.advance(29_999);
        assertThat(reason(token(node, "c1"))).isEqualTo(RejectionReason.STORE_UNAVAILABLE);
        assertThat(node.state()).isEqualTo(FailModeRedemptions.State.FAILING);

        clock.advance(1);
        assertThat(token(node, "c1")).isEqualTo(GateVerdict.accepted(1));
        assertThat(node.state()).isEqualTo(FailModeRedemptions.State.FAIL_OPEN);
        assertThat(node.failOpenGrants()).isEqualTo(1);
        assertThat(reason(token(node, "c1"))).isEqualTo(RejectionReason.REPLAYED);
    }

    @Test
    void aSuccessInTheWindowStartsTheWindowAgain() {
        FailModeRedemptions node = node(FailMode.FAIL_OPEN, 10);
        node.issued("c1", KEEP);
        store.reachable = false;
        token(node, "c0");
        clock.advance(20_000);
        store.reachable = true;
        assertThat(token(node, "c2").isAccepted()).isTrue();
        store.reachable = false;
        clock.advance(20_000);
        assertThat(reason(token(node, "c1"))).as("20 s of failure, not 40").isEqualTo(RejectionReason.STORE_UNAVAILABLE);
    }

    @Test
    void failOpenRefusesChallengesThisNodeDidNotIssue() {
        FailModeRedemptions node = failedOpen(10);
        assertThat(reason(token(node, "someone-elses"))).isEqualTo(RejectionReason.STORE_UNAVAILABLE);
        assertThat(tokens).hasValue(0);
    }

    @Test
    void failOpenNeverPaysMoney() {
        FailModeRedemptions node = failedOpen(10);
        node.issued("c1", KEEP);
        GateVerdict<Integer> reward = node.redeem(Redemptions.challengeKey("c1"), KEEP,
                Grant.reward(tx -> GateVerdict.accepted(tokens.incrementAndGet())));
        assertThat(reason(reward)).isEqualTo(RejectionReason.STORE_UNAVAILABLE);
        assertThat(((GateVerdict.Rejected<Integer>) reward).detail()).contains("MONEY");
        assertThat(tokens).hasValue(0);
        assertThat(token(node, "c1").isAccepted()).as("the refusal consumed nothing").isTrue();
    }

    @Test
    void failOpenIsCapped() {
        FailModeRedemptions node = failedOpen(2);
        for (String id : new String[] {"c1", "c2", "c3"}) {
            node.issued(id, KEEP);
        }
        assertThat(token(node, "c1").isAccepted()).isTrue();
        assertThat(token(node, "c2").isAccepted()).isTrue();
        assertThat(reason(token(node, "c3"))).isEqualTo(RejectionReason.STORE_UNAVAILABLE);
        assertThat(node.heldInMemory()).isEqualTo(2);
    }

    /** A challenge this node redeemed in the store before the outage is not redeemable again in memory. */
    @Test
    void aChallengeRedeemedBeforeTheOutageIsNotRedeemedAgainInFailOpen() {
        FailModeRedemptions node = node(FailMode.FAIL_OPEN, 10);
        node.issued("c1", KEEP);
        assertThat(token(node, "c1").isAccepted()).isTrue();
        store.reachable = false;
        token(node, "c0");
        clock.advance(30_000);
        assertThat(reason(token(node, "c1"))).isEqualTo(RejectionReason.STORE_UNAVAILABLE);
        assertThat(tokens).hasValue(1);
    }

    /** When the store answers again, what fail-open granted is written to it: no node redeems it afterwards. */
    @Test
    void leavingFailOpenWritesItsRedemptionsToTheStore() {
        FailModeRedemptions node = failedOpen(10);
        node.issued("c1", KEEP);
        assertThat(token(node, "c1").isAccepted()).isTrue();

        store.reachable = true;
        assertThat(token(node, "other").isAccepted()).isTrue();
        assertThat(node.state()).isEqualTo(FailModeRedemptions.State.NORMAL);
        FailModeRedemptions secondNode = node(FailMode.FAIL_OPEN, 10);
        assertThat(reason(token(secondNode, "c1"))).isEqualTo(RejectionReason.REPLAYED);
    }

    /**
     * The first call after the store returns may be a replay of the very key redeemed in memory: it must still write
     * the memory to the store before answering, or another node would grant the key once more (found by
     * {@code FailOpenAcrossNodesIT} over two node processes).
     */
    @Test
    void aReplayOfAMemoryRedemptionAfterTheStoreReturnsWritesItToTheStoreFirst() {
        FailModeRedemptions node = failedOpen(10);
        node.issued("c1", KEEP);
        assertThat(token(node, "c1").isAccepted()).isTrue();

        store.reachable = true;
        assertThat(reason(token(node, "c1"))).isEqualTo(RejectionReason.REPLAYED);
        assertThat(node.state()).isEqualTo(FailModeRedemptions.State.NORMAL);
        FailModeRedemptions secondNode = node(FailMode.FAIL_OPEN, 10);
        assertThat(reason(token(secondNode, "c1"))).isEqualTo(RejectionReason.REPLAYED);
        assertThat(tokens.get()).isEqualTo(1);
    }

    /** With no redemption at the issuer after the outage, its periodic prune writes the memory back all the same. */
    @Test
    void thePruneWritesMemoryRedemptionsBackOnceTheStoreAnswers() {
        FailModeRedemptions node = failedOpen(10);
        node.issued("c1", KEEP);
        assertThat(token(node, "c1").isAccepted()).isTrue();
        node.forgetExpired(clock.millis());
        store.reachable = true;
        node.forgetExpired(clock.millis());
        assertThat(reason(token(node(FailMode.FAIL_OPEN, 10), "c1"))).isEqualTo(RejectionReason.REPLAYED);
        assertThat(tokens.get()).isEqualTo(1);
    }

    @Test
    void memoryIsKeptUntilExpiryPlusSkewAndNotBefore() {
        FailModeRedemptions node = failedOpen(10);
        node.issued("c1", KEEP);
        assertThat(token(node, "c1").isAccepted()).isTrue();
        store.reachable = true;
        token(node, "flush");
        node.forgetExpired(KEEP);
        assertThat(node.heldInMemory()).isEqualTo(1);
        node.forgetExpired(KEEP + 1);
        assertThat(node.heldInMemory()).isZero();
    }

    private FailModeRedemptions failedOpen(int cap) {
        FailModeRedemptions node = node(FailMode.FAIL_OPEN, cap);
        store.reachable = false;
        token(node, "probe");
        clock.advance(30_000);
        token(node, "probe");
        assertThat(node.state()).isEqualTo(FailModeRedemptions.State.FAIL_OPEN);
        return node;
    }

    /** An in-memory store that answers {@code store_unavailable} while cut off, as the durable adapters do. */
    private static final class CutOffRedemptions implements Redemptions {
        private final InMemoryRedemptions inside = new InMemoryRedemptions();
        volatile boolean reachable = true;

        @Override
        public <G> GateVerdict<G> redeem(String key, long keepUntilMs, Grant<G> grant) {
            if (!reachable) {
                return GateVerdict.rejected(RejectionReason.STORE_UNAVAILABLE, "cut off");
            }
            return inside.redeem(key, keepUntilMs, grant);
        }

        @Override
        public int forgetExpired(long nowMs) {
            return inside.forgetExpired(nowMs);
        }
    }
}
