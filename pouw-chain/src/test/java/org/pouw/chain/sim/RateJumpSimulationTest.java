package org.pouw.chain.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The attack "a 10× ticket-rate jump" (docs/chain.md §8) on the many-node simulation: every miner's compute jumps
 * tenfold at once (the same as a tenfold cheaper ticket). Blocks come fast at first; ASERT must bring the target to
 * the new rate — the spacing the target implies back within 10 % of T — and the spacing measured after must be back
 * near T. The test prints how many blocks the recovery took (docs/chain.md §10).
 */
class RateJumpSimulationTest {
    @Test
    void aTenfoldTicketRateJumpIsAbsorbedByAsert() {
        ComputeRun run = SimulationScenarios.compute(SimulationSettings.fiveNodesEightMiners(23, 0.005),
                List.of(new ComputePhase("start", 1, 0, 30), new ComputePhase("jump", 10, 800, 60)));
        System.out.println("RateJumpSimulationTest (seed 23, 0.005 steps/s per miner, then 0.05)\n" + run.report());
        PhaseFigures jump = run.phases().get(1);
        assertThat(run.agreed()).isTrue();
        // The compute jumps tenfold; the tickets per second follow it only roughly over the 30-block start phase, whose
        // steps train the first epochs' filler tasks (a step that yields no ticket still takes a ticket's time).
        assertThat(jump.ticketsPerSecond()).isGreaterThan(7 * run.phases().get(0).ticketsPerSecond());
        assertThat(jump.blocksToSettle()).as(jump.toString()).isBetween(100L, 800L);
        assertThat(jump.measured().deviationFrom(60)).as(jump.toString()).isLessThan(3.5 / Math.sqrt(60));
    }
}
