package org.pouw.ml.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pouw.ml.model.Activation;
import org.pouw.ml.model.MlpArchitecture;
import org.pouw.ml.model.Pass;
import org.pouw.ml.tensor.ThreadTeam;
import org.pouw.ml.train.SgdMomentum;
import org.pouw.ml.train.TrainingState;

/**
 * {@code --init} with a model PyTorch wrote: Debian's {@code python3-torch} exports a 12-24-4 tanh MLP with
 * {@code torch.onnx.export} (its {@code Gemm}s with {@code transB = 1}, its own initializer names), the engine takes it
 * as a task's start state, and its logits on PyTorch's inputs are PyTorch's within float rounding; the same file for a
 * task of another width is refused naming the tensor. Needs {@code python3-torch} for {@code /usr/bin/python3}
 * ({@code scripts/install-test-tools.sh} installs it); without it the test fails saying so, it never skips.
 */
class PyTorchOnnxInitIT {
    private static final Path SCRIPT = Path.of("src/test/resources/onnx/pytorch_mlp_export.py");
    private static final MlpArchitecture MLP = new MlpArchitecture(12, List.of(24), Activation.TANH, 0f, 4);

    @TempDir
    Path dir;

    @Test
    void aModelPyTorchExportedStartsATaskWithPyTorchsWeights() throws Exception {
        Path onnx = dir.resolve("m.onnx");
        Path io = dir.resolve("io.txt");
        Process python = new ProcessBuilder("/usr/bin/python3", SCRIPT.toAbsolutePath().toString(), onnx.toString(),
                io.toString()).redirectErrorStream(true).start();
        String output = new String(python.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(python.waitFor(5, TimeUnit.MINUTES)).isTrue();
        assertThat(python.exitValue()).as("PyTorch export failed (is python3-torch installed? apt-get install"
                + " python3-torch, or scripts/install-test-tools.sh):\n" + output).isZero();

        TrainingState start = OnnxInitialWeights.load(MLP, new SgdMomentum(0.05f, 0.9f), Files.readAllBytes(onnx));
        List<String> lines = Files.readAllLines(io);
        assertThat(lines).hasSize(5);
        float[][] inputs = new float[lines.size()][];
        float[][] expected = new float[lines.size()][];
        for (int r = 0; r < lines.size(); r++) {
            String[] halves = lines.get(r).split("\\|");
            inputs[r] = floats(halves[0]);
            expected[r] = floats(halves[1]);
        }
        float[][] logits;
        try (ThreadTeam team = ThreadTeam.single()) {
            logits = start.network().forward(inputs, Pass.inference(team));
        }
        for (int r = 0; r < inputs.length; r++) {
            for (int c = 0; c < 4; c++) {
                assertThat(logits[r][c]).as("record %d, class %d", r, c).isCloseTo(expected[r][c], within(1e-5f));
            }
        }

        MlpArchitecture wider = new MlpArchitecture(12, List.of(32), Activation.TANH, 0f, 4);
        assertThatThrownBy(() -> OnnxInitialWeights.load(wider, new SgdMomentum(0.05f, 0.9f), Files.readAllBytes(onnx)))
                .isInstanceOf(OnnxImportException.class)
                .hasMessageContaining("parameter #0")
                .hasMessageContaining("12×24")
                .hasMessageContaining("12×32");
    }

    private static float[] floats(String text) {
        String[] parts = text.trim().split(" ");
        float[] out = new float[parts.length];
        for (int i = 0; i < parts.length; i++) {
            out[i] = Float.parseFloat(parts[i]);
        }
        return out;
    }
}
