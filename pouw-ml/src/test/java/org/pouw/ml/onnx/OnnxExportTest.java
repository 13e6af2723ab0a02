package org.pouw.ml.onnx;

import static org.assertj.core.api.Assertions.assertThat;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.pouw.ml.SyntheticData;
import org.pouw.ml.SyntheticText;
import org.pouw.ml.Tasks;
import org.pouw.ml.data.ByteTextReader;
import org.pouw.ml.data.Dataset;
import org.pouw.ml.model.Activation;
import org.pouw.ml.model.Architecture;
import org.pouw.ml.model.MlpArchitecture;
import org.pouw.ml.model.Network;
import org.pouw.ml.model.Pass;
import org.pouw.ml.model.Presets;
import org.pouw.ml.task.TrainingTask;
import org.pouw.ml.tensor.ThreadTeam;
import org.pouw.ml.train.Adam;
import org.pouw.ml.train.Evaluator;
import org.pouw.ml.train.Loss;
import org.pouw.ml.train.SgdMomentum;
import org.pouw.ml.train.Trainer;
import org.pouw.ml.train.TrainingState;

/**
 * Trained models exported to ONNX and run in ONNX Runtime, an independent reader: on every held-out record the
 * argmax is the engine's and each logit is within 1e-4 (absolute) plus 1e-4 of its size.
 */
class OnnxExportTest {
    private static final double ABSOLUTE = 1e-4;
    private static final double RELATIVE = 1e-4;

    @Test
    void anMlpWithDropout() throws OrtException {
        Dataset blobs = SyntheticData.blobs(300, 12, 4, 0.6, 3);
        check(Tasks.task(new MlpArchitecture(12, List.of(24, 16), Activation.TANH, 0.2f, 4), new SgdMomentum(0.05f, 0.9f),
                Loss.SOFTMAX_CROSS_ENTROPY, 16, blobs, blobs, 3, 30), blobs);
    }

    @Test
    void theSmallCnn() throws OrtException {
        Dataset bars = SyntheticData.bars(200, 4);
        check(Tasks.task(Tasks.smallCnn(), new SgdMomentum(0.05f, 0.9f), Loss.SOFTMAX_CROSS_ENTROPY, 16, bars, bars,
                4, 30), bars);
    }

    @Test
    void aResNetWithBatchNormRunningStatisticsAndProjectionShortcuts() throws OrtException {
        Dataset images = SyntheticData.images(96, 8, 8, 3, 3, 5);
        check(Tasks.task(Presets.resNet(8, 8, 3, 1, 4, 3), new SgdMomentum(0.05f, 0.9f), Loss.SOFTMAX_CROSS_ENTROPY,
                16, images, images, 5, 20), images);
    }

    @Test
    void theLayerNormGeluStack() throws OrtException {
        Dataset images = SyntheticData.images(96, 6, 6, 2, 3, 6);
        check(Tasks.task(Tasks.smallNormStack(), Adam.withLearningRate(0.01f), Loss.SOFTMAX_CROSS_ENTROPY, 16,
                images, images, 6, 20), images);
    }

    @Test
    void aTransformerLanguageModelWithCausalAttention() throws OrtException {
        Dataset text = ByteTextReader.read(SyntheticText.sentences(2_000, 7), "text", 12, 3);
        check(Tasks.task(Presets.transformer(12, 256, 16, 4, 2), Adam.decoupled(0.003f, 0.01f),
                Loss.SOFTMAX_CROSS_ENTROPY, 16, text, text, 7, 20), text);
    }

    @Test
    void exportingTwiceGivesTheSameBytes() {
        TrainingTask task = Tasks.task(Presets.transformer(8, 32, 16, 2, 1), Adam.withLearningRate(0.01f),
                Loss.SOFTMAX_CROSS_ENTROPY, 4, SyntheticData.tokens(16, 8, 32, 32, 1), SyntheticData.tokens(16, 8, 32, 32, 1), 1, 1);
        Network network = TrainingState.initial(task).network();
        assertThat(OnnxExport.export(task.architecture(), network)).isEqualTo(OnnxExport.export(task.architecture(), network));
    }

    /** Trains the task, exports it, and compares ONNX Runtime's logits with the engine's on every record. */
    private static void check(TrainingTask task, Dataset data) throws OrtException {
        TrainingState state = TrainingState.initial(task);
        Trainer trainer = new Trainer(task, data, state, ThreadTeam.single());
        for (long s = 0; s < task.steps(); s++) {
            trainer.step();
        }
        Network network = state.network();
        Architecture architecture = task.architecture();
        byte[] model = OnnxExport.export(architecture, network);
        float[][] records = new float[data.size()][];
        for (int i = 0; i < records.length; i++) {
            records[i] = data.features(i);
        }
        float[][] engine = copy(network.forward(records, Pass.inference(ThreadTeam.single())));
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession session = env.createSession(model, new OrtSession.SessionOptions());
             OnnxTensor input = OnnxTensor.createTensor(env, records);
             OrtSession.Result result = session.run(Map.of("input", input))) {
            float[][] onnx = (float[][]) result.get(0).getValue();
            assertThat(onnx.length).isEqualTo(records.length);
            for (int i = 0; i < records.length; i++) {
                assertThat(Evaluator.argmax(onnx[i])).as("record %d argmax", i).isEqualTo(Evaluator.argmax(engine[i]));
                for (int j = 0; j < engine[i].length; j++) {
                    assertThat((double) Math.abs(onnx[i][j] - engine[i][j])).as("record %d logit %d", i, j)
                            .isLessThanOrEqualTo(ABSOLUTE + RELATIVE * Math.abs(engine[i][j]));
                }
            }
        }
    }

    private static float[][] copy(float[][] rows) {
        float[][] out = new float[rows.length][];
        for (int i = 0; i < rows.length; i++) {
            out[i] = rows[i].clone();
        }
        return out;
    }
}
