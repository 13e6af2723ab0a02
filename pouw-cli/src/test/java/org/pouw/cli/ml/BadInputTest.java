package org.pouw.cli.ml;

import org.pouw.cli.CliRun;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.pouw.cli.ExitCodes;

/** Bad command lines exit 2 with one line on stderr that names the option to fix, before any training. */
class BadInputTest {
    @TempDir
    static Path dir;

    static Path data;
    static Path model;

    @BeforeAll
    static void writeData() throws IOException {
        data = SyntheticIdx.write(Files.createDirectory(dir.resolve("idx")), 64, 16);
        model = dir.resolve("m.bin");
        CliRun trained = CliRun.of("ml", "train", "--data", data.toString(), "--arch", "mlp:16-4", "--steps", "2",
                "--batch", "8", "--out", model.toString());
        assertThat(trained.exit()).as(trained.err()).isZero();
    }

    /** {@code extra} holds space-separated options added to a valid train command (later ones win). */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "--arch mlp:abc                 | --arch",
        "--arch mlp:15-4                | --arch",
        "--arch cnn:4x4x1-2c9-p2-4      | --arch",
        "--activation swish             | --activation",
        "--optimizer rmsprop            | --optimizer",
        "--lr -1                        | --lr",
        "--momentum 1                   | --momentum",
        "--batch 0                      | --batch",
        "--batch 1000                   | --batch",
        "--epochs 2 --steps 3           | --epochs",
        "--steps 0                      | --steps",
        "--threads 0                    | --threads",
        "--dropout 0.95                 | --dropout",
        "--format tfrecord              | --format",
        "--classes 1                    | --classes",
        "--classes 3                    | --arch",
        "--loss hinge                   | --loss",
        "--lr abc                       | --lr",
    })
    void trainRejects(String extra, String option) {
        List<String> args = new ArrayList<>(List.of("ml", "train", "--data", data.toString(), "--arch", "mlp:16-4",
                "--out", dir.resolve("x.bin").toString()));
        args.addAll(Arrays.asList(extra.strip().split(" +")));
        assertUsageError(CliRun.of(args.toArray(String[]::new)), option);
    }

    @Test
    void missingAndMalformedFilesNameTheirOption() throws IOException {
        assertUsageError(CliRun.of("ml", "train", "--data", dir.resolve("nope").toString(), "--out",
                dir.resolve("x.bin").toString()), "--data");
        assertUsageError(CliRun.of("ml", "train", "--data", data.toString(), "--out",
                dir.resolve("no-dir/x.bin").toString()), "--out");
        assertUsageError(CliRun.of("ml", "train", "--out", dir.resolve("x.bin").toString()), "--data");

        Path broken = Files.createDirectory(dir.resolve("broken"));
        byte[] images = Files.readAllBytes(data.resolve("train-images-idx3-ubyte"));
        Files.write(broken.resolve("train-images-idx3-ubyte"), Arrays.copyOf(images, images.length - 3));
        Files.copy(data.resolve("train-labels-idx1-ubyte"), broken.resolve("train-labels-idx1-ubyte"));
        CliRun truncated = CliRun.of("ml", "train", "--data", broken.toString(), "--out", dir.resolve("x.bin").toString());
        assertUsageError(truncated, "--data");
        assertThat(truncated.firstErrorLine()).contains("train-images-idx3-ubyte");

        CliRun badLabels = CliRun.of("ml", "train", "--images", data.resolve("train-images-idx3-ubyte").toString(),
                "--labels", data.resolve("test-labels-idx1-ubyte").toString(), "--out", dir.resolve("x.bin").toString());
        assertUsageError(badLabels, "--labels");
        assertThat(Files.exists(dir.resolve("x.bin"))).as("nothing written").isFalse();
    }

    @Test
    void evaluateRejectsMissingAndForeignModels() throws IOException {
        assertUsageError(CliRun.of("ml", "evaluate", "--model", dir.resolve("none.bin").toString(), "--data",
                data.toString()), "--model");
        Path garbage = Files.write(dir.resolve("garbage.bin"), new byte[] {1, 2, 3});
        assertUsageError(CliRun.of("ml", "evaluate", "--model", garbage.toString(), "--data", data.toString()), "--model");
        assertUsageError(CliRun.of("ml", "evaluate", "--model", model.toString(), "--data", data.toString(),
                "--split", "everything"), "--split");
        assertUsageError(CliRun.of("ml", "evaluate", "--model", model.toString(), "--data", data.toString(),
                "--classes", "5"), "--classes");
    }

    static void assertUsageError(CliRun run, String option) {
        assertThat(run.exit()).as(run.out() + run.err()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.firstErrorLine()).as(run.err()).contains(option);
    }
}
