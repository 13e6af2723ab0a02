package org.pouw.ml.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.pouw.ml.SyntheticData;
import org.pouw.ml.SyntheticText;
import org.pouw.ml.Tasks;
import org.pouw.ml.data.ByteTextReader;
import org.pouw.ml.data.Dataset;
import org.pouw.ml.model.Activation;
import org.pouw.ml.model.Architecture;
import org.pouw.ml.model.LayerSpec;
import org.pouw.ml.model.MlpArchitecture;
import org.pouw.ml.model.ModelFile;
import org.pouw.ml.model.Network;
import org.pouw.ml.model.Pass;
import org.pouw.ml.model.Presets;
import org.pouw.ml.model.StackArchitecture;
import org.pouw.ml.onnx.OnnxGraph.Attribute;
import org.pouw.ml.task.TrainingTask;
import org.pouw.ml.tensor.ThreadTeam;
import org.pouw.ml.train.Adam;
import org.pouw.ml.train.Loss;
import org.pouw.ml.train.SgdMomentum;
import org.pouw.ml.train.Trainer;
import org.pouw.ml.train.TrainingState;

/**
 * Export → import → the same logits, bit for bit, on every record, for each architecture the exporter writes; and
 * graphs the engine cannot run refused naming the node and its operator.
 */
class OnnxImportTest {
    @Test
    void anMlpComesBackAsAStackWithTheSameLogits() {
        Dataset blobs = SyntheticData.blobs(120, 12, 4, 0.6, 3);
        roundTrip(Tasks.task(new MlpArchitecture(12, List.of(24, 16), Activation.TANH, 0.2f, 4),
                new SgdMomentum(0.05f, 0.9f), Loss.SOFTMAX_CROSS_ENTROPY, 16, blobs, blobs, 3, 10), blobs, false);
    }

    @Test
    void theSmallCnn() {
        Dataset bars = SyntheticData.bars(80, 4);
        roundTrip(Tasks.task(Tasks.smallCnn(), new SgdMomentum(0.05f, 0.9f), Loss.SOFTMAX_CROSS_ENTROPY, 16, bars, bars,
                4, 10), bars, false);
    }

    @Test
    void aResNetKeepsItsBatchNormStatisticsAndShortcuts() {
        Dataset images = SyntheticData.images(48, 8, 8, 3, 3, 5);
        ModelFile.Model model = roundTrip(Tasks.task(Presets.resNet(8, 8, 3, 1, 4, 3), new SgdMomentum(0.05f, 0.9f),
                Loss.SOFTMAX_CROSS_ENTROPY, 16, images, images, 5, 8), images, true);
        assertThat(model.architecture()).isEqualTo(Presets.resNet(8, 8, 3, 1, 4, 3));
    }

    @Test
    void theLayerNormGeluStack() {
        Dataset images = SyntheticData.images(48, 6, 6, 2, 3, 6);
        ModelFile.Model model = roundTrip(Tasks.task(Tasks.smallNormStack(), Adam.withLearningRate(0.01f),
                Loss.SOFTMAX_CROSS_ENTROPY, 16, images, images, 6, 8), images, true);
        assertThat(model.architecture()).isEqualTo(Tasks.smallNormStack());
    }

    @Test
    void aCausalTransformerLanguageModel() {
        Dataset text = ByteTextReader.read(SyntheticText.sentences(800, 7), "text", 12, 3);
        ModelFile.Model model = roundTrip(Tasks.task(Presets.transformer(12, 256, 16, 4, 2), Adam.decoupled(0.003f, 0.01f),
                Loss.SOFTMAX_CROSS_ENTROPY, 16, text, text, 7, 6), text, true);
        assertThat(model.architecture()).isEqualTo(Presets.transformer(12, 256, 16, 4, 2));
    }

    @Test
    void nonCausalAttentionIsReadAsSuch() {
        StackArchitecture stack = new StackArchitecture(1, 6, 1, List.of(new LayerSpec.Embedding(20, 8),
                new LayerSpec.PositionalEmbedding(), new LayerSpec.Attention(2, false), new LayerSpec.LastPosition(),
                new LayerSpec.Dense(3)));
        Network network = stack.build();
        network.initialise(11);
        ModelFile.Model back = OnnxImport.read(OnnxExport.export(stack, network));
        assertThat(back.architecture()).isEqualTo(stack);
    }

    @Test
    void anUnsupportedOperatorIsRefusedNamingTheNodeAndTheOperator() {
        OnnxGraph graph = new OnnxGraph();
        String dense = graph.node("Gemm", List.of("input", graph.floats("w", new float[8], 4, 2), graph.floats("b", new float[2], 2)));
        graph.output(graph.node("LeakyRelu", List.of(dense), Attribute.of("alpha", 0.1f)), "logits");
        assertThatThrownBy(() -> OnnxImport.read(graph.model("input", 4, "logits", 2, "test")))
                .isInstanceOf(OnnxImportException.class)
                .hasMessageContaining("node 'LeakyRelu_v3' (op LeakyRelu) is not supported");
    }

    @Test
    void aLayerOutsideTheEnginesSettingsIsRefusedNamingTheNode() {
        OnnxGraph graph = new OnnxGraph();
        String dense = graph.node("Gemm", List.of("input", graph.floats("w", new float[8], 4, 2), graph.floats("b", new float[2], 2)),
                Attribute.of("alpha", 2f));
        graph.output(dense, "logits");
        assertThatThrownBy(() -> OnnxImport.read(graph.model("input", 4, "logits", 2, "test")))
                .isInstanceOf(OnnxImportException.class)
                .hasMessageContaining("node 'Gemm_v2' (op Gemm): attribute alpha must be 1.0");
    }

    @Test
    void aModelAboveTheTasksSizeBoundIsRefused() {
        OnnxGraph graph = new OnnxGraph();
        graph.output(graph.node("Gemm", List.of("input", graph.floats("w", new float[1024 * 600], 1024, 600),
                graph.floats("b", new float[600], 600))), "logits");
        assertThatThrownBy(() -> OnnxImport.read(graph.model("input", 1024, "logits", 600, "test")))
                .isInstanceOf(OnnxImportException.class).hasMessageContaining("parameter count");
    }

    @Test
    void aNodeOffThePathIsRefused() {
        OnnxGraph graph = new OnnxGraph();
        String weight = graph.floats("w", new float[8], 4, 2);
        String dense = graph.node("Gemm", List.of("input", weight, graph.floats("b", new float[2], 2)));
        graph.node("Relu", List.of(weight));
        graph.output(dense, "logits");
        assertThatThrownBy(() -> OnnxImport.read(graph.model("input", 4, "logits", 2, "test")))
                .isInstanceOf(OnnxImportException.class)
                .hasMessageContaining("node 'Relu_v3' (op Relu) is not on the path from the input to the logits");
    }

    @Test
    void aPyTorchStyleGemmWithTransposedWeightsAndExplicitBatchNormIsRead() {
        OnnxGraph graph = new OnnxGraph();
        float[] w = {1, 2, 3, 4, 5, 6};   // [outputs 2][inputs 3]
        String image = graph.node("Transpose", List.of(graph.node("Reshape", List.of("input", graph.shape(-1, 1, 1, 3)))),
                Attribute.ints("perm", 0, 3, 1, 2));
        String norm = graph.node("BatchNormalization", List.of(image, graph.floats("g", new float[] {1, 2, 3}, 3),
                graph.floats("b", new float[] {0, 0, 1}, 3), graph.floats("m", new float[] {0.5f, 0, 0}, 3),
                graph.floats("v", new float[] {1, 4, 0.25f}, 3)));
        String flat = graph.node("Flatten", List.of(norm), Attribute.of("axis", 1L));
        graph.output(graph.node("Gemm", List.of(flat, graph.floats("w", w, 2, 3), graph.floats("c", new float[] {0.5f, -1}, 2)),
                Attribute.of("transB", 1L)), "logits");
        ModelFile.Model model = OnnxImport.read(graph.model("input", 3, "logits", 2, "test"));
        float[] logits = model.network().forward(new float[][] {{1.5f, 2, -1}}, Pass.inference(ThreadTeam.single()))[0];
        double[] normalised = {(1.5 - 0.5) / Math.sqrt(1 + 1e-5), 2 * 2 / Math.sqrt(4 + 1e-5), 3 * -1 / Math.sqrt(0.25 + 1e-5) + 1};
        assertThat((double) logits[0]).isCloseTo(normalised[0] + 2 * normalised[1] + 3 * normalised[2] + 0.5, org.assertj.core.api.Assertions.within(1e-4));
        assertThat((double) logits[1]).isCloseTo(4 * normalised[0] + 5 * normalised[1] + 6 * normalised[2] - 1, org.assertj.core.api.Assertions.within(1e-4));
    }

    @Test
    void aReshapeWhoseDimensionsOverflowALongIsRefused() {
        OnnxGraph graph = new OnnxGraph();
        // 2^24 · 2^24 · 2^16 wraps to 0 in a long; a product checked naively would let it pass.
        String image = graph.node("Reshape", List.of("input", graph.shape(-1, 1 << 24, 1 << 24, 1 << 16)));
        graph.output(graph.node("Gemm", List.of(image, graph.floats("w", new float[8], 4, 2), graph.floats("b", new float[2], 2))),
                "logits");
        assertThatThrownBy(() -> OnnxImport.read(graph.model("input", 4, "logits", 2, "test")))
                .isInstanceOf(OnnxImportException.class).hasMessageContaining("(op Reshape): reshapes 4 features");
    }

    @Test
    void globalAveragePoolThenFlattenIsGlobalAveragePooling() {
        OnnxGraph graph = new OnnxGraph();
        String image = graph.node("Transpose", List.of(graph.node("Reshape", List.of("input", graph.shape(-1, 2, 2, 3)))),
                Attribute.ints("perm", 0, 3, 1, 2));
        float[] ones = new float[6];
        java.util.Arrays.fill(ones, 1f);
        String conv = graph.node("Conv", List.of(image, graph.floats("w", ones, 2, 3, 1, 1)), Attribute.ints("kernel_shape", 1, 1));
        String pooled = graph.node("Flatten", List.of(graph.node("GlobalAveragePool", List.of(conv))), Attribute.of("axis", 1L));
        graph.output(graph.node("Gemm", List.of(pooled, graph.floats("d", new float[] {1, 0, 0, 1}, 2, 2))), "logits");
        ModelFile.Model model = OnnxImport.read(graph.model("input", 12, "logits", 2, "test"));
        assertThat(model.architecture()).isEqualTo(new StackArchitecture(2, 2, 3, List.of(new LayerSpec.Conv(2, 1, 1, 0),
                new LayerSpec.GlobalAvgPool(), new LayerSpec.Dense(2))));
        float[] x = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12};
        float[] logits = model.network().forward(new float[][] {x}, Pass.inference(ThreadTeam.single()))[0];
        assertThat(logits).containsExactly(78f / 4, 78f / 4);   // each position's channel sum, averaged
    }

    @Test
    void anOpsetOutsideTheMappedRangeIsRefused() {
        byte[] model = new ProtoWriter().varint(1, 8).message(7, new ProtoWriter().string(2, "g"))
                .message(8, new ProtoWriter().varint(2, 18)).toByteArray();
        assertThatThrownBy(() -> OnnxImport.read(model)).isInstanceOf(OnnxImportException.class)
                .hasMessageContaining("opset_import").hasMessageContaining("18");
    }

    /** Trains, exports, imports, and compares logits bit for bit; a stack also re-exports to the same bytes. */
    private static ModelFile.Model roundTrip(TrainingTask task, Dataset data, boolean sameBytes) {
        TrainingState state = TrainingState.initial(task);
        Trainer trainer = new Trainer(task, data, state, ThreadTeam.single());
        for (long s = 0; s < task.steps(); s++) {
            trainer.step();
        }
        Architecture architecture = task.architecture();
        byte[] onnx = OnnxExport.export(architecture, state.network());
        ModelFile.Model back = OnnxImport.read(onnx);
        float[][] records = new float[data.size()][];
        for (int i = 0; i < records.length; i++) {
            records[i] = data.features(i);
        }
        float[][] engine = copy(state.network().forward(records, Pass.inference(ThreadTeam.single())));
        float[][] imported = back.network().forward(records, Pass.inference(ThreadTeam.single()));
        for (int i = 0; i < records.length; i++) {
            for (int j = 0; j < engine[i].length; j++) {
                assertThat(Float.floatToRawIntBits(imported[i][j])).as("record %d logit %d", i, j)
                        .isEqualTo(Float.floatToRawIntBits(engine[i][j]));
            }
        }
        assertThat(back.network().parameterCount()).isEqualTo(architecture.parameterCount());
        if (sameBytes) {
            assertThat(OnnxExport.export(back.architecture(), back.network())).isEqualTo(onnx);
        }
        return back;
    }

    private static float[][] copy(float[][] rows) {
        float[][] out = new float[rows.length][];
        for (int i = 0; i < rows.length; i++) {
            out[i] = rows[i].clone();
        }
        return out;
    }
}
