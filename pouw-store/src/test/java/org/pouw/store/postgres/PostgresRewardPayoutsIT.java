package org.pouw.store.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.pouw.core.port.Storage;
import org.pouw.core.port.StoreTx;
import org.pouw.gate.reward.RewardPayouts;
import org.pouw.gate.reward.RewardPayouts.Outcome;
import org.pouw.store.GateStores;
import org.pouw.store.contract.SqlRewardPayoutsContract;
import org.pouw.store.jdbc.SqlRewardPayouts;
import org.pouw.store.support.ConcurrentCalls;
import org.pouw.store.support.PostgresTestDatabase;
import org.pouw.store.support.TestDatabase;

/** {@code SqlRewardPayouts} on a real PostgreSQL, and two nodes sharing it: the pool and the cap hold across both. */
class PostgresRewardPayoutsIT extends SqlRewardPayoutsContract {
    /** Sixteen writers per node, so fifty simultaneous claims wait for a connection instead of being refused busy. */
    private static PostgresTestDatabase shared;

    @Override
    protected TestDatabase newDatabase() {
        if (shared == null) {
            shared = new PostgresTestDatabase(16);
        } else {
            shared.empty();
        }
        return shared;
    }

    /** A6, A19 across nodes: fifty claims split over two nodes on a pool funded for ten pay ten, never overdrawn. */
    @Test
    void fiftyClaimsAcrossTwoNodesOnAPoolForTenPayTenAndTheLedgerAudits() throws Exception {
        Storage first = node();
        Storage second = node();
        fundPool(first, 100);
        List<SqlRewardPayouts> nodes = List.of(GateStores.rewardPayouts(first, clock),
                GateStores.rewardPayouts(second, clock));
        List<Outcome> outcomes = ConcurrentCalls.run(50,
                i -> () -> nodes.get(i % 2).payOnce(claim("p" + i, 10, 1_000_000)));
        assertThat(outcomes.stream().filter(o -> o == Outcome.PAID).count()).isEqualTo(10);
        assertThat(outcomes.stream().filter(o -> o != Outcome.PAID)).containsOnly(Outcome.POOL_EMPTY);
        assertThat(second.read((StoreTx tx) -> tx.ledger().balance(RewardPayouts.POOL_ACCOUNT))).isZero();
        assertThat(second.read((StoreTx tx) -> tx.ledger().balance(DID))).isEqualTo(100);
        assertThat(nodes.getFirst().emitted(0)).isEqualTo(100);
        assertAudits(second);
    }

    /** The cap is global: two nodes together pay no more than it in one interval, however many claims arrive. */
    @Test
    void theEmissionCapHoldsAcrossTwoNodes() throws Exception {
        Storage first = node();
        Storage second = node();
        fundPool(first, 10_000);
        List<SqlRewardPayouts> nodes = List.of(GateStores.rewardPayouts(first, clock),
                GateStores.rewardPayouts(second, clock));
        List<Outcome> outcomes = ConcurrentCalls.run(50,
                i -> () -> nodes.get(i % 2).payOnce(claim("q" + i, 10, 70)));
        assertThat(outcomes.stream().filter(o -> o == Outcome.PAID).count()).isEqualTo(7);
        assertThat(outcomes.stream().filter(o -> o != Outcome.PAID)).containsOnly(Outcome.EMISSION_CAPPED);
        assertThat(first.read((StoreTx tx) -> tx.ledger().balance(DID))).isEqualTo(70);
        assertThat(nodes.get(1).emitted(0)).isEqualTo(70);
        assertAudits(first);
    }

    /** A1, A2 across nodes: fifty claims of one challenge over two nodes pay once. */
    @Test
    void fiftyClaimsOfOneChallengeAcrossTwoNodesPayOnce() throws Exception {
        Storage first = node();
        Storage second = node();
        fundPool(first, 1_000);
        List<SqlRewardPayouts> nodes = List.of(GateStores.rewardPayouts(first, clock),
                GateStores.rewardPayouts(second, clock));
        List<Outcome> outcomes = ConcurrentCalls.run(50, i -> () -> nodes.get(i % 2).payOnce(claim("one", 10,
                1_000_000)));
        assertThat(outcomes.stream().filter(o -> o == Outcome.PAID).count()).isEqualTo(1);
        assertThat(outcomes.stream().filter(o -> o != Outcome.PAID)).containsOnly(Outcome.REPLAYED);
        assertThat(first.read((StoreTx tx) -> tx.ledger().balance(DID))).isEqualTo(10);
        assertAudits(second);
    }
}
