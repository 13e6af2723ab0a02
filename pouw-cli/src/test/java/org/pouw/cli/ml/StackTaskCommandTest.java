package org.pouw.cli.ml;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pouw.cli.CliRun;
import org.pouw.ml.model.ModelFile;
import org.pouw.ml.model.Presets;
import org.pouw.ml.onnx.OnnxExport;
import org.pouw.ml.task.TrainingTask;
import org.pouw.ml.train.Adam;
import org.pouw.ml.train.LearningRateSchedule;
import tools.jackson.databind.JsonNode;

/** Issue 28: stack architectures, the optimiser's decay and schedule, and text data through {@code pouw ml}. */
class StackTaskCommandTest {
    @TempDir
    static Path dir;

    static Path text;

    @BeforeAll
    static void writeText() throws IOException {
        text = dir.resolve("corpus.txt");
        Files.writeString(text, "the cat pays a block. the node trains the model. ".repeat(20), StandardCharsets.US_ASCII);
    }

    @Test
    void aTransformerTaskOnTextWithAdamwWarmupCosineAndClip() throws IOException {
        Path file = dir.resolve("lm.bin");
        CliRun made = CliRun.of("ml", "task", "new", "--data", text.toString(), "--context", "8", "--stride", "2",
                "--arch", "transformer:8-256-16-2-1", "--optimizer", "adamw", "--lr", "0.003", "--weight-decay", "0.01",
                "--warmup", "3", "--cosine-floor", "0.1", "--clip", "1", "--batch", "8", "--steps", "12",
                "--target-loss", "2", "--fee", "10", "--out", file.toString(), "--json");
        assertThat(made.exit()).as(made.err()).isZero();
        TrainingTask task = TrainingTask.decode(Files.readAllBytes(file));
        assertThat(task.architecture()).isEqualTo(Presets.transformer(8, 256, 16, 2, 1));
        assertThat(task.hyperparameters().optimizer()).isEqualTo(Adam.decoupled(0.003f, 0.01f));
        assertThat(task.hyperparameters().schedule()).isEqualTo(LearningRateSchedule.cosine(3, 0.1f));
        assertThat(task.hyperparameters().clipNorm()).isEqualTo(1f);
        assertThat(made.lastJson().path("architecture").asString()).isEqualTo(
                "stack:1x8x1:embed256x16,pos,res(ln,causal-attn2),res(ln,conv64k1,gelu,conv16k1),ln,last,dense256");

        JsonNode trained = CliRun.of("ml", "train", "--data", text.toString(), "--context", "8", "--stride", "2",
                "--arch", "transformer:8-256-16-2-1", "--optimizer", "adamw", "--lr", "0.003", "--weight-decay", "0.01",
                "--batch", "8", "--steps", "6", "--out", dir.resolve("lm.pmlm").toString(), "--json").jsonLines().getLast();
        assertThat(trained.toString()).contains("accuracy");

        Path onnx = dir.resolve("lm.onnx");
        CliRun exported = CliRun.of("ml", "export", "--model", dir.resolve("lm.pmlm").toString(), "--onnx", onnx.toString(),
                "--json");
        assertThat(exported.exit()).as(exported.err()).isZero();
        ModelFile.Model model = ModelFile.decode(Files.readAllBytes(dir.resolve("lm.pmlm")));
        assertThat(Files.readAllBytes(onnx)).isEqualTo(OnnxExport.export(model.architecture(), model.network()));
        assertThat(exported.lastJson().path("opset").asInt()).isEqualTo(17);
        BadInputTest.assertUsageError(CliRun.of("ml", "export", "--model", onnx.toString(), "--onnx",
                dir.resolve("again.onnx").toString()), "--model");

        Path back = dir.resolve("back.pmlm");
        CliRun imported = CliRun.of("ml", "import", "--onnx", onnx.toString(), "--model", back.toString(), "--json");
        assertThat(imported.exit()).as(imported.err()).isZero();
        assertThat(imported.lastJson().path("architecture").asString()).isEqualTo(
                "stack:1x8x1:embed256x16,pos,res(ln,causal-attn2),res(ln,conv64k1,gelu,conv16k1),ln,last,dense256");
        ModelFile.Model reread = ModelFile.decode(Files.readAllBytes(back));
        assertThat(OnnxExport.export(reread.architecture(), reread.network())).isEqualTo(Files.readAllBytes(onnx));
        BadInputTest.assertUsageError(CliRun.of("ml", "import", "--onnx", back.toString(), "--model",
                dir.resolve("again.pmlm").toString()), "--onnx");
    }

    @Test
    void badStackOptionsNameTheirOption() {
        String out = dir.resolve("bad.bin").toString();
        BadInputTest.assertUsageError(CliRun.of("ml", "task", "new", "--data", text.toString(), "--context", "8",
                "--arch", "stack:1x8x1:embed256x16,swish,last,dense256", "--target-loss", "2", "--fee", "1", "--out", out),
                "--arch");
        BadInputTest.assertUsageError(CliRun.of("ml", "task", "new", "--data", text.toString(), "--context", "8",
                "--arch", "transformer:8-256-16-2-1", "--optimizer", "adamw", "--target-loss", "2", "--fee", "1",
                "--out", out), "--weight-decay");
        BadInputTest.assertUsageError(CliRun.of("ml", "task", "new", "--data", text.toString(), "--context", "8",
                "--arch", "transformer:8-256-16-2-1", "--cosine-floor", "2", "--target-loss", "2", "--fee", "1",
                "--out", out), "--cosine-floor");
        BadInputTest.assertUsageError(CliRun.of("ml", "task", "new", "--data", text.toString(), "--context", "0",
                "--arch", "transformer:8-256-16-2-1", "--target-loss", "2", "--fee", "1", "--out", out), "--context");
        BadInputTest.assertUsageError(CliRun.of("ml", "task", "new", "--data", text.toString(), "--context", "16",
                "--arch", "transformer:8-256-16-2-1", "--target-loss", "2", "--fee", "1", "--out", out), "--arch");
    }
}
