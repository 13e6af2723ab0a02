package org.pouw.chain.sim;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * Issue 19 §8's partition: nodes 0 and 1 (3 miners) cut off from nodes 2, 3 and 4 (5 miners) for 100 block spacings
 * of simulated time, both sides mining on. When it heals, every node follows the heavier side's chain (the lighter
 * side's nodes ask their peers for the chain after the fork point and reorganise), the transactions only the left
 * branch had are back in those nodes' mempools at the reorg, and they are mined again onto the final chain.
 */
class PartitionSimulationTest {
    @Test
    void aTwoThreePartitionHealsOntoTheHeavierSideAndItsTransactionsAreMinedAgain() {
        PartitionRun run = SimulationScenarios.partition(SimulationSettings.fiveNodesEightMiners(29, 0.02), 10, 100,
                15);
        System.out.println("PartitionSimulationTest (seed 29, 0.02 steps/s per miner)\n" + run.report());
        assertThat(run.heavier()).isEqualTo("B");
        assertThat(run.winner()).isEqualTo(run.heavier());
        assertThat(run.agreed()).isTrue();
        assertThat(run.heightA()).isGreaterThan(20);
        assertThat(run.reorgDepths()).as("both lighter-side nodes leave their branch")
                .filteredOn(depth -> depth >= run.heightA() - 10 - 2).hasSizeGreaterThanOrEqualTo(2);
        assertThat(run.returnedTransactions()).as("the left branch carried transactions").isGreaterThan(10);
        assertThat(run.notBackInMempool()).isZero();
        assertThat(run.notMinedAgain()).isZero();
    }
}
