package org.pouw.ml.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ReadersTest {
    @Test
    void idxReadsImagesScaledToUnitIntervalWithLabels() {
        byte[] images = ByteBuffer.allocate(16 + 2 * 4).putInt(0x803).putInt(2).putInt(2).putInt(2)
                .put(new byte[] {0, (byte) 255, 51, 102, 1, 2, 3, 4}).array();
        byte[] labels = ByteBuffer.allocate(10).putInt(0x801).putInt(2).put((byte) 7).put((byte) 3).array();
        Dataset data = IdxReader.read(images, "imgs", labels, "lbls", 10);
        assertThat(data.size()).isEqualTo(2);
        assertThat(data.featureCount()).isEqualTo(4);
        assertThat(data.features(0)).containsExactly(0f, 1f, 0.2f, 0.4f);
        assertThat(data.label(0)).isEqualTo(7);
        assertThat(data.label(1)).isEqualTo(3);
    }

    @Test
    void idxErrorsNameTheFileAndTheProblem() {
        byte[] labels = DatasetFiles.idxLabels(3, 10, 1);
        byte[] wrongType = DatasetFiles.idxImages(3, 2, 2, 1);
        wrongType[2] = 0x0D;
        assertThatThrownBy(() -> IdxReader.read(wrongType, "imgs", labels, "lbls", 10))
                .isInstanceOf(DatasetFormatException.class).hasMessage("imgs: unsupported IDX element type 0xd (only unsigned byte, 0x08)");
        byte[] truncated = java.util.Arrays.copyOf(DatasetFiles.idxImages(3, 2, 2, 1), 20);
        assertThatThrownBy(() -> IdxReader.read(truncated, "imgs", labels, "lbls", 10))
                .isInstanceOf(DatasetFormatException.class).hasMessageStartingWith("imgs: IDX header declares 3×2×2 elements");
        byte[] hugeDims = ByteBuffer.allocate(16).putInt(0x803).putInt(0x7fffffff).putInt(0x7fffffff).putInt(9).array();
        assertThatThrownBy(() -> IdxReader.read(hugeDims, "imgs", labels, "lbls", 10))
                .isInstanceOf(DatasetFormatException.class).hasMessageContaining("more than the file");
        byte[] fewLabels = DatasetFiles.idxLabels(2, 10, 1);
        assertThatThrownBy(() -> IdxReader.read(DatasetFiles.idxImages(3, 2, 2, 1), "imgs", fewLabels, "lbls", 10))
                .isInstanceOf(DatasetFormatException.class).hasMessage("lbls: 2 labels for 3 images in imgs");
        byte[] badLabel = DatasetFiles.idxLabels(3, 10, 1);
        badLabel[9] = 12;
        assertThatThrownBy(() -> IdxReader.read(DatasetFiles.idxImages(3, 2, 2, 1), "imgs", badLabel, "lbls", 10))
                .isInstanceOf(DatasetFormatException.class).hasMessage("lbls: label 12 of record 1 is not below 10");
    }

    @Test
    void cifarConvertsPlanesToChannelsLast() {
        byte[] record = new byte[3073];
        record[0] = 4;
        record[1] = (byte) 255;           // red of pixel 0
        record[1 + 1024] = 0;             // green of pixel 0
        record[1 + 2048 + 1] = (byte) 255; // blue of pixel 1
        Dataset data = Cifar10Reader.read(record, "batch");
        assertThat(data.label(0)).isEqualTo(4);
        assertThat(data.features(0)[0]).isEqualTo(1f);
        assertThat(data.features(0)[1]).isEqualTo(0f);
        assertThat(data.features(0)[3 + 2]).isEqualTo(1f);
        assertThatThrownBy(() -> Cifar10Reader.read(new byte[3074], "batch"))
                .isInstanceOf(DatasetFormatException.class).hasMessageContaining("last record has 1 bytes");
        byte[] badLabel = record.clone();
        badLabel[0] = 10;
        assertThatThrownBy(() -> Cifar10Reader.read(badLabel, "batch"))
                .isInstanceOf(DatasetFormatException.class).hasMessage("batch: record 0 has label 10, not in 0-9");
    }

    @Test
    void csvReadsLabelsAndFeaturesAndRejectsLooseNumbers() {
        CsvReader reader = new CsvReader(true, 0, 3);
        Dataset data = reader.read("y,a,b\n2,1.5,-2e1\r\n0,.25,3\n".getBytes(StandardCharsets.UTF_8), "t.csv");
        assertThat(data.size()).isEqualTo(2);
        assertThat(data.label(0)).isEqualTo(2);
        assertThat(data.features(0)).containsExactly(1.5f, -20f);
        assertThat(data.features(1)).containsExactly(0.25f, 3f);
        assertThatThrownBy(() -> reader.read("y,a\n1,NaN\n".getBytes(StandardCharsets.UTF_8), "t.csv"))
                .isInstanceOf(DatasetFormatException.class).hasMessage("t.csv: line 2, column 2: 'NaN' is not a decimal number");
        assertThatThrownBy(() -> reader.read("y,a\n1,0x1p3\n".getBytes(StandardCharsets.UTF_8), "t.csv"))
                .isInstanceOf(DatasetFormatException.class);
        assertThatThrownBy(() -> reader.read("y,a\n1,2\n1,2,3\n".getBytes(StandardCharsets.UTF_8), "t.csv"))
                .isInstanceOf(DatasetFormatException.class).hasMessage("t.csv: line 3: 3 columns, earlier lines have 2");
        assertThatThrownBy(() -> reader.read("y,a\n5,2\n".getBytes(StandardCharsets.UTF_8), "t.csv"))
                .isInstanceOf(DatasetFormatException.class).hasMessage("t.csv: line 2, column 1: label 5 is not below 3");
        assertThatThrownBy(() -> reader.read(new byte[] {(byte) 0xC3, 0x28}, "t.csv"))
                .isInstanceOf(DatasetFormatException.class).hasMessage("t.csv: not valid UTF-8 text");
    }

    @Test
    void theDatasetRootDependsOnTheRecordsNotTheFileFormat() {
        Dataset fromCsv = new CsvReader(false, 0, 10).read("3,0,1\n".getBytes(StandardCharsets.UTF_8), "a.csv");
        byte[] images = ByteBuffer.allocate(18).putInt(0x803).putInt(1).putInt(1).putInt(2).put((byte) 0).put((byte) 255).array();
        byte[] labels = ByteBuffer.allocate(9).putInt(0x801).putInt(1).put((byte) 3).array();
        Dataset fromIdx = IdxReader.read(images, "i", labels, "l", 10);
        assertThat(fromIdx.root()).isEqualTo(fromCsv.root());
        assertThat(Dataset.verifyRecord(fromIdx.root(), fromIdx.record(0), fromIdx.proveRecord(0))).isTrue();
        Dataset other = new CsvReader(false, 0, 10).read("3,0,1\n4,0,1\n".getBytes(StandardCharsets.UTF_8), "b.csv");
        assertThat(other.root()).isNotEqualTo(fromCsv.root());
    }
}
