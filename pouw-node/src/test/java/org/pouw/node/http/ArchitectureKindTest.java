package org.pouw.node.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.pouw.ml.model.Activation;
import org.pouw.ml.model.CnnArchitecture;
import org.pouw.ml.model.LayerSpec;
import org.pouw.ml.model.MlpArchitecture;
import org.pouw.ml.model.StackArchitecture;

/** A chain task's {@code parameters.architecture} names its kind; a layer stack is a stack, not an MLP (docs/api.md). */
class ArchitectureKindTest {
    @Test
    void eachKindIsNamedAsItIs() {
        assertThat(ChainStateJson.kind(new MlpArchitecture(16, List.of(8), Activation.RELU, 0f, 3))).isEqualTo("mlp");
        assertThat(ChainStateJson.kind(new CnnArchitecture(8, 8, 1, 4, 3, 2, 8, Activation.RELU, 3)))
                .isEqualTo("cnn");
        assertThat(ChainStateJson.kind(new StackArchitecture(8, 8, 1, List.of(new LayerSpec.Conv(4, 3, 2, 1),
                new LayerSpec.GlobalAvgPool(), new LayerSpec.Dense(3))))).isEqualTo("stack");
    }
}
