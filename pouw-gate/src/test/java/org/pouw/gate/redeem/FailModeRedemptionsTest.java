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
        node.issued("c1", KEEP);
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
        node.issued("c2", KEEP);
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
        node.issued("other", KEEP);
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

    /**
     * The gap after an outage: the store is back, node B sees it first, and A has not yet written back the challenge
     * it redeemed in memory. B saw the outage, so it holds A's challenge until the settling time has passed; A's
     * store watch writes its memory back on its next turn; then B answers replayed. One token in all.
     */
    @Test
    void aNodeThatSawTheOutageHoldsOtherNodesChallengesUntilTheirIssuersHaveWrittenBack() {
        FailModeRedemptions nodeA = failedOpen(10);
        FailModeRedemptions nodeB = node(FailMode.FAIL_OPEN, 10);
        nodeB.watchOnce();
        assertThat(nodeB.state()).as("the watch sees the outage without a redemption")
                .isEqualTo(FailModeRedemptions.State.FAILING);
        nodeA.issued("c1", KEEP);
        assertThat(token(nodeA, "c1").isAccepted()).isTrue();

        store.reachable = true;
        nodeB.watchOnce();
        assertThat(nodeB.state()).isEqualTo(FailModeRedemptions.State.NORMAL);
        GateVerdict<Integer> early = token(nodeB, "c1");
        assertThat(reason(early)).as("without the hold, B would grant c1 a second time")
                .isEqualTo(RejectionReason.STORE_UNAVAILABLE);
        assertThat(((GateVerdict.Rejected<Integer>) early).detail()).contains("another node issued");
        clock.advance(FailModeRedemptions.SETTLE_MS - 1);
        assertThat(reason(token(nodeB, "c1"))).isEqualTo(RejectionReason.STORE_UNAVAILABLE);

        nodeA.watchOnce(); // A's next turn: the store answers, memory goes back first
        assertThat(nodeA.state()).isEqualTo(FailModeRedemptions.State.NORMAL);
        clock.advance(1);
        assertThat(reason(token(nodeB, "c1"))).isEqualTo(RejectionReason.REPLAYED);
        assertThat(tokens).hasValue(1);
    }

    /** B learns of the store's return from a redemption, not its watch: the foreign challenge still waits. */
    @Test
    void theFirstRedemptionAfterTheOutageAtANodeThatSawItIsHeldToo() {
        FailModeRedemptions nodeA = failedOpen(10);
        FailModeRedemptions nodeB = node(FailMode.FAIL_OPEN, 10);
        assertThat(reason(token(nodeB, "other"))).isEqualTo(RejectionReason.STORE_UNAVAILABLE);
        nodeA.issued("c1", KEEP);
        assertThat(token(nodeA, "c1").isAccepted()).isTrue();
        store.reachable = true;
        assertThat(reason(token(nodeB, "c1"))).isEqualTo(RejectionReason.STORE_UNAVAILABLE);
        assertThat(store.holds("chal:c1")).as("nothing reached the store for B").isFalse();
        nodeA.watchOnce();
        assertThat(store.holds("chal:c1")).isTrue();
        clock.advance(FailModeRedemptions.SETTLE_MS);
        assertThat(reason(token(nodeB, "c1"))).isEqualTo(RejectionReason.REPLAYED);
        assertThat(tokens).hasValue(1);
    }

    /** The hold is for challenges issued elsewhere only: the node's own, and other keys, go on at once. */
    @Test
    void aNodesOwnChallengesAreNotHeldAfterTheOutage() {
        FailModeRedemptions node = failedOpen(10);
        node.issued("mine", KEEP);
        store.reachable = true;
        node.watchOnce();
        assertThat(token(node, "mine").isAccepted()).isTrue();
        assertThat(node.redeemOnce("poolshare:" + "ab".repeat(32), KEEP)).isTrue();
        assertThat(reason(token(node, "elsewhere"))).isEqualTo(RejectionReason.STORE_UNAVAILABLE);
    }

    /** A node that never saw the store fail holds nothing: the settling costs availability only after an outage. */
    @Test
    void aNodeThatSawNoOutageHoldsNothing() {
        FailModeRedemptions node = node(FailMode.FAIL_OPEN, 10);
        node.watchOnce();
        assertThat(token(node, "elsewhere").isAccepted()).isTrue();
    }

    /** Fail-safe nodes hold other nodes' challenges too: a fail-open node beside them may have redeemed them. */
    @Test
    void aFailSafeNodeThatSawTheOutageHoldsOtherNodesChallengesToo() {
        FailModeRedemptions node = node(FailMode.FAIL_SAFE, 10);
        store.reachable = false;
        node.watchOnce();
        store.reachable = true;
        assertThat(reason(token(node, "elsewhere"))).isEqualTo(RejectionReason.STORE_UNAVAILABLE);
        clock.advance(FailModeRedemptions.SETTLE_MS);
        assertThat(token(node, "elsewhere").isAccepted()).isTrue();
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

        @Override
        public boolean answers() {
            return reachable;
        }

        /** Whether the store itself holds {@code key} (a grant that refuses records nothing either way). */
        boolean holds(String key) {
            return inside.redeem(key, KEEP, Grant.stateless(() -> GateVerdict.rejected(RejectionReason.MALFORMED,
                    "only looking"))) instanceof GateVerdict.Rejected<?> refused
                    && refused.reason() == RejectionReason.REPLAYED;
        }
    }
}
