package org.pouw.chain.sim;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class SimulationSettingsTest {
    @Test
    void badSettingsAreRefusedNamingTheField() {
        assertThatThrownBy(() -> new SimulationSettings(1, 0, List.of(), 1, 0, 1, 0, 0, 0, 1))
                .hasMessageContaining("nodes");
        assertThatThrownBy(() -> new SimulationSettings(1, 2, List.of(0, 2), 1, 0, 1, 0, 0, 0, 1))
                .hasMessageContaining("minerNodes").hasMessageContaining("node 2");
        assertThatThrownBy(() -> new SimulationSettings(1, 2, List.of(0), 1, -1, 1, 0, 0, 0, 1))
                .hasMessageContaining("walletsPerNode");
        assertThatThrownBy(() -> new ComputePhase("x", 0, 0, 1)).hasMessageContaining("factor");
        assertThatThrownBy(() -> new ComputePhase("x", 1, 0, 0)).hasMessageContaining("measureBlocks");
    }

    @Test
    void aMinerRateMustBePositiveAndFinite() {
        assertThatThrownBy(() -> SimulationSettings.fiveNodesEightMiners(1, 0)).hasMessageContaining("stepsPerSecond");
        assertThatThrownBy(() -> SimulationSettings.fiveNodesEightMiners(1, Double.POSITIVE_INFINITY))
                .hasMessageContaining("stepsPerSecond");
    }
}
