package org.pouw.cli.ml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pouw.chain.genesis.DemoGenesis;
import org.pouw.ml.data.Dataset;
import org.pouw.ml.data.DatasetCodec;

/**
 * pouw-ml's own dataset encoding as {@code --data}: a {@code train.pmld}/{@code test.pmld} directory keeps its split,
 * one {@code .pmld} file is split by the held-out fraction, and a file that does not decode, or a {@code --classes}
 * that contradicts the file, is refused naming the option.
 */
class PmldInputTest {
    @TempDir
    Path dir;

    private final Dataset train = DemoGenesis.blobs(50, 6, 3, 0.3, 1);
    private final Dataset test = DemoGenesis.blobs(10, 6, 3, 0.3, 2);

    private static DataSource source(Path data, Integer classes) {
        return new DataSource(data, null, null, null, classes, 0.2, false, 0);
    }

    @Test
    void aDirectoryKeepsItsSplitAndOneFileIsSplitByTheFraction() throws Exception {
        Files.write(dir.resolve("train.pmld"), DatasetCodec.encode(train));
        Files.write(dir.resolve("test.pmld"), DatasetCodec.encode(test));
        DatasetLoader.Loaded both = DatasetLoader.load(source(dir, null), 10);
        assertThat(both.train().root()).isEqualTo(train.root());
        assertThat(both.heldOut().root()).isEqualTo(test.root());
        assertThat(both.train().classes()).as("the file's class count, not the default").isEqualTo(3);

        DatasetLoader.Loaded split = DatasetLoader.load(source(dir.resolve("train.pmld"), null), 10);
        assertThat(split.train().size()).isEqualTo(40);
        assertThat(split.heldOut().size()).isEqualTo(10);
    }

    @Test
    void anUnreadableFileOrAContradictingClassCountIsNamed() throws Exception {
        Path file = dir.resolve("data.pmld");
        Files.write(file, DatasetCodec.encode(train));
        assertThatThrownBy(() -> DatasetLoader.load(source(file, 4), 4)).hasMessageStartingWith("--classes:")
                .hasMessageContaining("3 classes");
        byte[] cut = Files.readAllBytes(file);
        Files.write(file, java.util.Arrays.copyOf(cut, cut.length - 3));
        assertThatThrownBy(() -> DatasetLoader.load(source(file, null), 10)).hasMessageStartingWith("--data:")
                .hasMessageContaining("data.pmld");
        assertThat(DataFormat.parse("pmld")).isEqualTo(DataFormat.PMLD);
    }
}
