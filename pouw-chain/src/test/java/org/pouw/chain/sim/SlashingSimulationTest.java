package org.pouw.chain.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.pouw.chain.audit.AuditParameters;

/**
 * Issue 19 §8's adversaries on the many-node simulation (docs/chain.md §8, §10): 5 nodes, five honest miners, an
 * equivocating miner (every block it wins it signs twice and sends one copy to each half of the nodes) and a
 * work-skipping miner (the first step of each segment claimed, not trained; its openings withheld). The nodes'
 * reporters turn the equivocation into {@code slash} evidence; the audits catch the skipped steps and the chain
 * slashes the skipper at maturity. Both end with no stake and no immature reward on every node, while every honest
 * miner keeps its stake and keeps mining after the slashes, and all nodes agree on the tip and its state root.
 * Short audit constants (c = 2, D = 20, maturity 40; two windows of two steps) bring maturity within a test's blocks.
 */
class SlashingSimulationTest {
    static final AuditParameters SHORT_AUDITS = new AuditParameters(2, 20, 2, 2, 40, 20, 8 << 20, 300, 10);

    @Test
    void theEquivocatorAndTheWorkSkipperAreSlashedWhileHonestMinersMineOn() {
        SimulationSettings settings = new SimulationSettings(31, 5, List.of(0, 1, 2, 3, 4), 0.02, 1, 90_000, 50,
                2_000, 0.01, 300_000).withAudits(SHORT_AUDITS).withMiner(1, MinerConduct.EQUIVOCATING)
                .withMiner(3, MinerConduct.WORK_SKIPPING);
        SlashingRun run = SimulationScenarios.slashing(settings, 200, 25);
        System.out.println("SlashingSimulationTest (seed 31, 0.02 steps/s per miner)\n" + run.report());

        assertThat(run.agreed()).as("every node follows one tip").isTrue();
        assertThat(run.stateRoots()).as("and one state root").isEqualTo(1);
        assertThat(run.adversaries()).hasSize(2);
        for (SlashingRun.Adversary adversary : run.adversaries()) {
            assertThat(adversary.misdeeds()).as(adversary.name() + " cheated").isPositive();
            assertThat(adversary.blocks()).as(adversary.name() + " had blocks on the chain").isPositive();
            assertThat(adversary.slashedAt()).as(adversary.name() + " slashed").isPositive();
            assertThat(adversary.clawedBack()).as(adversary.name() + "'s immature rewards were there to take")
                    .isPositive();
            assertThat(adversary.largestStake()).as(adversary.name() + ": no stake left on any node").isZero();
            assertThat(adversary.largestImmature()).as(adversary.name() + ": no immature reward on any node")
                    .isZero();
            assertThat(adversary.stepsUnstaked()).as(adversary.name() + " could no longer sign").isPositive();
        }
        SlashingRun.Adversary skipper = run.adversaries().stream()
                .filter(a -> a.conduct() == MinerConduct.WORK_SKIPPING).findFirst().orElseThrow();
        assertThat(skipper.slashedAt()).as("the skipper falls at its first audited block's maturity, not before")
                .isGreaterThan(SHORT_AUDITS.maturity());
        assertThat(run.slashesMined()).as("the equivocation went on chain as evidence").isPositive();
        assertThat(run.honest()).hasSize(5);
        for (SlashingRun.Honest honest : run.honest()) {
            assertThat(honest.smallestStake()).as(honest.name() + " keeps its stake on every node")
                    .isEqualTo(SimulatedNodeFactory.MINER_STAKE);
            assertThat(honest.reportedBy()).as(honest.name() + " is reported by nobody").isZero();
            assertThat(honest.blocksAfter()).as(honest.name() + " mines on after the slashes").isPositive();
        }
    }
}
