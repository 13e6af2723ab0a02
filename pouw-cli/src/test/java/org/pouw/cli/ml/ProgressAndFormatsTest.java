package org.pouw.cli.ml;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.pouw.ml.model.Activation;
import org.pouw.ml.model.CnnArchitecture;
import org.pouw.ml.model.MlpArchitecture;

class ProgressAndFormatsTest {
    static final Progress MIDWAY = new Progress(590, 1875, 5, 15, 0.41234, 0.883, 412.3, 3.1);

    @Test
    void theBarFitsTheTerminalAndIsRedrawnInPlace() {
        for (int columns : new int[] {40, 80, 120}) {
            String line = TerminalProgressBar.line(MIDWAY, columns);
            assertThat(line.length()).as("columns %d", columns).isLessThan(columns);
        }
        assertThat(TerminalProgressBar.line(MIDWAY, 120))
                .startsWith("[=========>")
                .contains(" 31% 590/1875 ep 5/15 loss 0.4123 acc 88.3% 412 steps/s ETA 0:03");
        assertThat(TerminalProgressBar.bar(1.0, 4)).isEqualTo("[====]");
        assertThat(TerminalProgressBar.bar(0.0, 4)).isEqualTo("[>   ]");

        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        TerminalProgressBar bar = new TerminalProgressBar(new PrintStream(bytes, true, StandardCharsets.UTF_8), 80);
        assertThat(bar.due(1, 0)).isTrue();
        assertThat(bar.due(2, TerminalProgressBar.REDRAW_NANOS - 1)).as("not before the redraw interval").isFalse();
        assertThat(bar.due(3, TerminalProgressBar.REDRAW_NANOS)).isTrue();
        bar.show(MIDWAY);
        bar.finish(new Progress(1875, 1875, 15, 15, 0.1, 0.95, 400, 0));
        String drawn = bytes.toString(StandardCharsets.UTF_8);
        assertThat(drawn).startsWith("\r[").contains("\r[=").endsWith("\033[K" + System.lineSeparator());
    }

    @Test
    void linesComeAtFixedStepsAndTheLastOneOnce() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        TrainingProgressLines lines = new TrainingProgressLines(new PrintStream(bytes, true, StandardCharsets.UTF_8),
                false, 95);
        assertThat(lines.due(10, 0)).isTrue();
        assertThat(lines.due(11, Long.MAX_VALUE)).isFalse();
        lines.show(new Progress(90, 95, 1, 1, 0.5, Double.NaN, 10, 0.5));
        lines.finish(new Progress(95, 95, 1, 1, 0.5, 0.5, 10, 0));
        assertThat(bytes.toString(StandardCharsets.UTF_8).lines().toList()).containsExactly(
                "step 90/95 (epoch 1/1)  loss 0.5000  acc   -    10.0 steps/s  ETA 0:01",
                "step 95/95 (epoch 1/1)  loss 0.5000  acc 50.0%  10.0 steps/s  ETA 0:00");
        assertThat(ProgressFormat.duration(3725)).isEqualTo("1:02:05");
    }

    @Test
    void architecturesReadAndPrintTheSameText() {
        assertThat(ArchitectureSpec.parse("mlp:784-128-64-10", Activation.RELU, 0f))
                .isEqualTo(MlpArchitecture.of(784, List.of(128, 64), Activation.RELU, 10));
        assertThat(ArchitectureSpec.parse("cnn:28x28x1-8c5-p2-64-10", Activation.TANH, 0f))
                .isEqualTo(new CnnArchitecture(28, 28, 1, 8, 5, 2, 64, Activation.TANH, 10));
        for (String spec : List.of("mlp:784-10", "mlp:4-3-3-2", "cnn:32x32x3-16c3-p2-10", "cnn:28x28x1-8c5-p2-64-10")) {
            assertThat(ArchitectureSpec.format(ArchitectureSpec.parse(spec, Activation.RELU, 0f))).isEqualTo(spec);
        }
    }

    @Test
    void theHeldOutSplitIsSpreadEvenly() {
        assertThat(java.util.stream.IntStream.range(0, 15).filter(i -> HeldOutSplit.isHeldOut(i, 0.2)).boxed().toList())
                .containsExactly(4, 9, 14);
    }
}
