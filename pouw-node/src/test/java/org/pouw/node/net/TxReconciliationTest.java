package org.pouw.node.net;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.pouw.crypto.DidKey;
import org.pouw.crypto.Ed25519;

/**
 * When a peer that dropped announcements is asked for its inventory ({@link TxReconciliation}): once its waiting list
 * has room, one ask at a time, not more often than the interval, again while answers show progress, after a loss here
 * once the gap can close, again after a failed ask (backing off), never for a peer that is gone.
 */
class TxReconciliationTest {
    private static final DidKey PEER = new DidKey(Ed25519.KeyPair.generate().publicKey());
    private static final DidKey OTHER = new DidKey(Ed25519.KeyPair.generate().publicKey());
    private static final int MAX = 5_000;

    private final TxReconciliation reconciliation = new TxReconciliation();

    private java.util.List<DidKey> due(long crank, Map<DidKey, Integer> waiting) {
        return reconciliation.due(crank, Set.of(PEER, OTHER), peer -> waiting.getOrDefault(peer, 0), MAX);
    }

    @Test
    void aPeerIsAskedOnlyAfterItDroppedSomethingAndOnceItsListHasRoom() {
        assertThat(due(0, Map.of())).as("nothing dropped, nothing asked").isEmpty();
        reconciliation.dropped(PEER);
        assertThat(due(1, Map.of(PEER, MAX))).as("its list still full").isEmpty();
        assertThat(due(2, Map.of(PEER, MAX / 2 - 1))).containsExactly(PEER);
        reconciliation.dropped(PEER);
        assertThat(due(10, Map.of())).as("one ask in flight at a time").isEmpty();
        reconciliation.answered(PEER, 0);
        assertThat(due(10, Map.of())).as("dropped again while asking: asked again").containsExactly(PEER);
        reconciliation.answered(PEER, 0);
        assertThat(due(20, Map.of())).as("an answer listing nothing missing ends it").isEmpty();
    }

    @Test
    void asksAreSpacedByTheInterval() {
        reconciliation.dropped(PEER);
        assertThat(due(5, Map.of())).containsExactly(PEER);
        reconciliation.answered(PEER, 0);
        reconciliation.dropped(PEER);
        assertThat(due(5 + TxReconciliation.INTERVAL_CRANKS - 1, Map.of())).isEmpty();
        assertThat(due(5 + TxReconciliation.INTERVAL_CRANKS, Map.of())).containsExactly(PEER);
    }

    @Test
    void roundsGoOnWhileTheMempoolTakesFromThePeerAndSlowToTheLongestIntervalWhenItDoesNot() {
        long crank = 0;
        reconciliation.dropped(PEER);
        for (int round = 0; round < 3; round++) {
            crank += TxReconciliation.INTERVAL_CRANKS;
            assertThat(due(crank, Map.of())).as("round " + round).containsExactly(PEER);
            reconciliation.answered(PEER, 2_000);
            assertThat(due(crank + 10, Map.of())).as("nothing taken yet: no ask").isEmpty();
            reconciliation.taken(PEER);
        }
        crank += 10 + TxReconciliation.INTERVAL_CRANKS;
        assertThat(due(crank, Map.of())).containsExactly(PEER);
        reconciliation.answered(PEER, 2_000);
        // its missing ids never arrive (a liar, or ids lost here): one ask every MAX_BACKOFF_CRANKS, no more
        long max = TxReconciliation.MAX_BACKOFF_CRANKS;
        for (int slow = 0; slow < 3; slow++) {
            assertThat(due(crank + max - 1, Map.of(OTHER, 0))).as("slow round " + slow + ", early").isEmpty();
            crank += max;
            assertThat(due(crank, Map.of())).as("slow round " + slow).containsExactly(PEER);
            reconciliation.answered(PEER, 2_000);
        }
    }

    @Test
    void aTransactionLostAtTheGapItselfIsAskedAgainThoughNothingMoreIsTaken() {
        // TxRelayOverloadTest in a loop: the orphan lost was the very next nonce, so nothing more from the peer could
        // be taken and, asked only after a take, the relay stayed 433 transactions in for good
        reconciliation.lost(PEER);
        assertThat(due(10, Map.of())).as("first seen owing").isEmpty();
        assertThat(due(10 + TxReconciliation.MAX_BACKOFF_CRANKS - 1, Map.of())).isEmpty();
        assertThat(due(10 + TxReconciliation.MAX_BACKOFF_CRANKS, Map.of())).containsExactly(PEER);
    }

    @Test
    void aPeerThatFailsToAnswerIsAskedAgainLessOftenUntilItAnswers() {
        // the stuck state of issue 20: an ask failed (a timeout, the relay over its outbound budget) and nothing
        // more was dropped; before, the peer was never asked again and what it had dropped stayed lost
        reconciliation.dropped(PEER);
        assertThat(due(0, Map.of())).containsExactly(PEER);
        long crank = 0;
        for (long wait : new long[] {4, 8, 16, 32, 32}) {
            reconciliation.failed(PEER);
            assertThat(due(crank + wait - 1, Map.of())).as("waits %d cranks after a failure", wait).isEmpty();
            crank += wait;
            assertThat(due(crank, Map.of())).as("asked again %d cranks after a failure", wait).containsExactly(PEER);
        }
        reconciliation.answered(PEER, 0);
        assertThat(due(crank + 1_000, Map.of())).as("answered with nothing missing: done").isEmpty();
        reconciliation.dropped(PEER);
        assertThat(due(crank + 1_000 + TxReconciliation.INTERVAL_CRANKS, Map.of())).as("an answer ends the backoff")
                .containsExactly(PEER);
    }

    @Test
    void aTransactionLostHereIsAskedAgainOnceOneFromThePeerIsTaken() {
        // an orphan pushed out while nothing was dropped: no round was going on
        reconciliation.lost(PEER);
        assertThat(due(10, Map.of())).as("its gap has not closed: no ask").isEmpty();
        reconciliation.taken(PEER);
        assertThat(due(11, Map.of())).containsExactly(PEER);
        // lost while that ask was in flight, the answer listing nothing missing (made before the loss)
        reconciliation.lost(PEER);
        reconciliation.answered(PEER, 0);
        reconciliation.taken(PEER);
        assertThat(due(20, Map.of())).as("the loss outlives the answer").containsExactly(PEER);
    }

    @Test
    void aPeerNoLongerLinkedIsForgotten() {
        reconciliation.dropped(PEER);
        reconciliation.dropped(OTHER);
        assertThat(reconciliation.due(0, Set.of(OTHER), peer -> 0, MAX)).containsExactly(OTHER);
        assertThat(reconciliation.due(100, Set.of(PEER, OTHER), peer -> 0, MAX)).as("its drop went with it")
                .isEmpty();
    }
}
