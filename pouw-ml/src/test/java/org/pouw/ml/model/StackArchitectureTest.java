package org.pouw.ml.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.pouw.ml.InvalidSpecException;
import org.pouw.ml.SyntheticData;
import org.pouw.ml.Tasks;
import org.pouw.ml.data.Dataset;
import org.pouw.ml.task.TrainingTask;
import org.pouw.ml.tensor.ThreadTeam;
import org.pouw.ml.train.Evaluator;
import org.pouw.ml.train.Loss;
import org.pouw.ml.train.SgdMomentum;
import org.pouw.ml.train.Trainer;
import org.pouw.ml.train.TrainingState;
import org.pouw.ml.wire.CanonicalReader;
import org.pouw.ml.wire.CanonicalWriter;
import org.pouw.ml.wire.EncodingException;

class StackArchitectureTest {
    @Test
    void presetsHaveThePapersLayerCountsAndTheirParameterCounts() {
        // Counted by hand: stem 448 + BN 32; per stage the blocks and the 1×1 projection shortcuts; dense 650.
        assertThat(Presets.resNet8().parameterCount()).isEqualTo(78_378);
        assertThat(Presets.resNet20().parameterCount()).isEqualTo(273_258);
        assertThat(Presets.resNet20().classes()).isEqualTo(10);
        assertThat(Presets.resNet20().inputSize()).isEqualTo(32 * 32 * 3);
        // Running mean and variance of every batch-norm layer: (16 + 3·(16+16) + 3·(32+32) + 3·(64+64)) + 2 shortcuts.
        assertThat(Presets.resNet20().bufferCount()).isEqualTo(2L * (16 + 6 * 16 + 6 * 32 + 6 * 64 + 32 + 64));
        assertThat(Presets.resNet20().build().parameterCount()).isEqualTo(Presets.resNet20().parameterCount());
        assertThat(Presets.resNet20().build().bufferCount()).isEqualTo(Presets.resNet20().bufferCount());
        // Forward multiply-adds per 32×32×3 image: the convolutions' 40.9 M (counted by hand) plus element-wise work.
        assertThat(Presets.resNet20().multiplyAddsPerRecord()).isBetween(40_900_000L, 42_000_000L);
    }

    @Test
    void charTransformerPresetHasItsParameterCountAndRefusesBadHeads() {
        // Tokens 256·64 + positions 64·64 + 3 blocks × (2 layer norms 256 + attention 4·(64·64 + 64) + feed-forward
        // 64·256 + 256 + 256·64 + 64) + final layer norm 128 + head 64·256 + 256.
        StackArchitecture lm = Presets.charTransformer();
        assertThat(lm.parameterCount()).isEqualTo(16_384 + 4_096 + 3 * (256 + 16_640 + 33_088) + 128 + 16_640)
                .isEqualTo(187_200);
        assertThat(lm.classes()).isEqualTo(256);
        assertThat(lm.inputSize()).isEqualTo(64);
        // Per block: attention 4·64·64² + 2·64²·64, feed-forward 2·64·64·256, layer norms, GELU, adds.
        assertThat(lm.multiplyAddsPerRecord()).isEqualTo(11_538_496L);
        assertThat(lm.build().parameterCount()).isEqualTo(lm.parameterCount());
        assertThatThrownBy(() -> Presets.transformer(16, 256, 64, 5, 1))
                .hasMessageContaining("attention heads").hasMessageContaining("a divisor of the input's 64 channels");
        assertThatThrownBy(() -> new LayerSpec.Attention(0, true)).hasMessageContaining("attention heads");
        // 2^19 parameters is the bound: d_model 256 with six blocks is over it, and refused naming it.
        assertThatThrownBy(() -> Presets.transformer(64, 256, 256, 4, 6)).hasMessageContaining("parameter count");
    }

    @Test
    void resNet20TrainsWithBatchesUpToTheMemoryBound() {
        // 5.0 M working floats per image: batch 53 fits in 2^28 floats, 54 does not.
        Dataset images = SyntheticData.images(64, 32, 32, 3, 10, 1);
        Tasks.task(Presets.resNet20(), new SgdMomentum(0.1f, 0.9f), Loss.SOFTMAX_CROSS_ENTROPY, 53, images, images, 1, 10);
        assertThatThrownBy(() -> Tasks.task(Presets.resNet20(), new SgdMomentum(0.1f, 0.9f),
                Loss.SOFTMAX_CROSS_ENTROPY, 54, images, images, 1, 10))
                .isInstanceOf(InvalidSpecException.class).hasMessageContaining("training buffers are at most 2^28 floats");
    }

    @Test
    void encodingRoundTripsAndIsCanonical() {
        for (StackArchitecture architecture : List.of(Presets.resNet20(), Tasks.smallNormStack(),
                Presets.charTransformer(), Presets.transformer(8, 32, 16, 4, 2))) {
            CanonicalWriter out = new CanonicalWriter();
            architecture.encodeTo(out);
            byte[] bytes = out.toByteArray();
            CanonicalReader in = new CanonicalReader(bytes);
            Architecture decoded = Architecture.decode(in);
            in.requireEnd("architecture");
            assertThat(decoded).isEqualTo(architecture);
            CanonicalWriter again = new CanonicalWriter();
            decoded.encodeTo(again);
            assertThat(again.toByteArray()).isEqualTo(bytes);
        }
    }

    @Test
    void nestedResidualBlocksAndUnknownLayersAreRefusedWhenDecoding() {
        CanonicalWriter out = new CanonicalWriter();
        out.u8(3).i32(4).i32(4).i32(1).i32(1).u8(9).u8(1).u8(9);
        assertThatThrownBy(() -> Architecture.decode(new CanonicalReader(out.toByteArray())))
                .isInstanceOf(EncodingException.class).hasMessageContaining("residual blocks do not nest");
        CanonicalWriter unknown = new CanonicalWriter();
        unknown.u8(3).i32(4).i32(4).i32(1).i32(1).u8(42);
        assertThatThrownBy(() -> Architecture.decode(new CanonicalReader(unknown.toByteArray())))
                .isInstanceOf(EncodingException.class).hasMessageContaining("layer kind: unknown tag 42");
    }

    @Test
    void shapesThatDoNotFitAreRefusedNamingTheSetting() {
        assertThatThrownBy(() -> new StackArchitecture(4, 4, 1, List.of(new LayerSpec.Conv(2, 7, 1, 1),
                new LayerSpec.GlobalAvgPool())))
                .isInstanceOf(InvalidSpecException.class).hasMessageContaining("conv kernel");
        assertThatThrownBy(() -> new StackArchitecture(4, 4, 1, List.of(new LayerSpec.Conv(2, 3, 1, 1))))
                .isInstanceOf(InvalidSpecException.class).hasMessageContaining("last layer output must be flat");
        assertThatThrownBy(() -> new StackArchitecture(4, 4, 1, List.of(new LayerSpec.Residual(
                List.of(new LayerSpec.Conv(2, 3, 1, 1)), List.of()), new LayerSpec.GlobalAvgPool())))
                .isInstanceOf(InvalidSpecException.class).hasMessageContaining("residual shortcut output shape");
        assertThatThrownBy(() -> new LayerSpec.Conv(4, 3, 1, 3))
                .isInstanceOf(InvalidSpecException.class).hasMessageContaining("conv padding");
    }

    @Test
    void theLargestModelIsEnforcedWithAClearError() {
        // ResNet-20 at twice the width: about 1.09 million parameters, over the 2^19 bound.
        assertThatThrownBy(() -> Presets.resNet(32, 32, 3, 3, 32, 10))
                .isInstanceOf(InvalidSpecException.class)
                .hasMessageContaining("parameter count must be at most 524288")
                .hasMessageContaining("audit opening");
        Dataset images = SyntheticData.images(4, 32, 32, 3, 10, 1);
        assertThatThrownBy(() -> Tasks.task(Presets.resNet20(), new SgdMomentum(0.1f, 0.9f),
                Loss.SOFTMAX_CROSS_ENTROPY, 4096, images, images, 1, 10))
                .isInstanceOf(InvalidSpecException.class).hasMessageContaining("batch size must be small enough");
    }

    @Test
    void anEmbeddingMayOnlyComeFirst() {
        StackArchitecture tokens = new StackArchitecture(1, 6, 1, List.of(new LayerSpec.Embedding(10, 4),
                new LayerSpec.PositionalEmbedding(), new LayerSpec.LayerNorm(), new LayerSpec.GlobalAvgPool(), new LayerSpec.Dense(3)));
        assertThat(tokens.parameterCount()).isEqualTo(40 + 24 + 8 + 15);
        CanonicalWriter out = new CanonicalWriter();
        tokens.encodeTo(out);
        assertThat(Architecture.decode(new CanonicalReader(out.toByteArray()))).isEqualTo(tokens);
        assertThatThrownBy(() -> new StackArchitecture(1, 6, 1, List.of(new LayerSpec.PositionalEmbedding(),
                new LayerSpec.Embedding(10, 4), new LayerSpec.GlobalAvgPool(), new LayerSpec.Dense(3))))
                .isInstanceOf(InvalidSpecException.class).hasMessageContaining("layer 1 must be not an embedding");
        assertThatThrownBy(() -> new StackArchitecture(2, 6, 1, List.of(new LayerSpec.Embedding(10, 4),
                new LayerSpec.GlobalAvgPool(), new LayerSpec.Dense(3))))
                .isInstanceOf(InvalidSpecException.class).hasMessageContaining("embedding input");
    }

    @Test
    void runningAveragesAreTrainingStateAndTheModelFileKeepsThem() {
        Dataset images = SyntheticData.images(64, 8, 8, 3, 3, 3);
        TrainingTask task = Tasks.task(Presets.resNet(8, 8, 3, 1, 4, 3), new SgdMomentum(0.05f, 0.9f),
                Loss.SOFTMAX_CROSS_ENTROPY, 16, images, images, 2, 6);
        TrainingState state = TrainingState.initial(task);
        Trainer trainer = new Trainer(task, images, state, ThreadTeam.single());
        for (int s = 0; s < 6; s++) {
            trainer.step();
        }
        BatchNormLayer first = (BatchNormLayer) state.network().layers().get(1);
        assertThat(first.runningMean().value()[0]).as("moved from its initial zeros").isNotEqualTo(new float[4]);
        byte[] encoded = state.encode();
        TrainingState decoded = TrainingState.decode(task, encoded);
        assertThat(decoded.encode()).isEqualTo(encoded);
        // A state that differs only in a running average hashes differently.
        ((BatchNormLayer) decoded.network().layers().get(1)).runningVariance().value()[0][0] += 1f;
        assertThat(decoded.hash(ThreadTeam.single())).isNotEqualTo(state.hash(ThreadTeam.single()));

        ModelFile.Model model = ModelFile.decode(ModelFile.encode(task.architecture(), state.network()));
        assertThat(Evaluator.evaluate(model.network(), images, Loss.SOFTMAX_CROSS_ENTROPY, ThreadTeam.single()))
                .isEqualTo(Evaluator.evaluate(state.network(), images, Loss.SOFTMAX_CROSS_ENTROPY, ThreadTeam.single()));
    }

    @Test
    void aTinyResNetLearnsTheImages() {
        Dataset train = SyntheticData.images(256, 8, 8, 3, 4, 11);
        Dataset heldOut = SyntheticData.images(128, 8, 8, 3, 4, 12);
        TrainingTask task = Tasks.task(Presets.resNet(8, 8, 3, 1, 4, 4), new SgdMomentum(0.05f, 0.9f),
                Loss.SOFTMAX_CROSS_ENTROPY, 32, train, heldOut, 3, 60);
        TrainingState state = TrainingState.initial(task);
        Trainer trainer = new Trainer(task, train, state, ThreadTeam.single());
        for (int s = 0; s < task.steps(); s++) {
            trainer.step();
        }
        assertThat(Evaluator.evaluate(state.network(), heldOut, Loss.SOFTMAX_CROSS_ENTROPY, ThreadTeam.single())
                .accuracy()).isGreaterThan(0.9);
    }
}
