package org.pouw.ml.data;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

/** Builds small, valid files of each format for reader tests. */
final class DatasetFiles {
    private DatasetFiles() {
    }

    static byte[] idxImages(int count, int rows, int columns, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        ByteBuffer buffer = ByteBuffer.allocate(16 + count * rows * columns).putInt(0x00000803).putInt(count).putInt(rows).putInt(columns);
        for (int i = 0; i < count * rows * columns; i++) {
            buffer.put((byte) random.nextInt(256));
        }
        return buffer.array();
    }

    static byte[] idxLabels(int count, int classes, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        ByteBuffer buffer = ByteBuffer.allocate(8 + count).putInt(0x00000801).putInt(count);
        for (int i = 0; i < count; i++) {
            buffer.put((byte) random.nextInt(classes));
        }
        return buffer.array();
    }

    static byte[] cifar(int count, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        byte[] data = new byte[count * 3073];
        for (int r = 0; r < count; r++) {
            data[r * 3073] = (byte) random.nextInt(10);
            for (int p = 1; p < 3073; p++) {
                data[r * 3073 + p] = (byte) random.nextInt(256);
            }
        }
        return data;
    }

    static byte[] csv(int count, int features, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        StringBuilder text = new StringBuilder("label");
        for (int j = 0; j < features; j++) {
            text.append(",f").append(j);
        }
        text.append('\n');
        for (int i = 0; i < count; i++) {
            text.append(random.nextInt(3));
            for (int j = 0; j < features; j++) {
                text.append(',').append(random.nextInt(2000) / 100.0 - 10);
            }
            text.append('\n');
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(text.toString().getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }
}
