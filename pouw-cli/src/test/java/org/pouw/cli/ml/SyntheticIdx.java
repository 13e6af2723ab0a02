package org.pouw.cli.ml;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

/**
 * A tiny MNIST-shaped dataset written as real IDX files: 4×4 images of 4 classes, class c lighting up quadrant c
 * over seeded noise, so a small MLP learns it in a few epochs.
 */
final class SyntheticIdx {
    static final int SIDE = 4;
    static final int CLASSES = 4;

    private SyntheticIdx() {
    }

    /** Writes train-* (train records) and, if test > 0, test-* files into dir, as the MNIST layout names them. */
    static Path write(Path dir, int train, int test) throws IOException {
        Random random = new Random(42);
        writePair(dir, "train", train, random);
        if (test > 0) {
            writePair(dir, "test", test, random);
        }
        return dir;
    }

    private static void writePair(Path dir, String prefix, int count, Random random) throws IOException {
        byte[] labels = new byte[count];
        byte[] pixels = new byte[count * SIDE * SIDE];
        for (int i = 0; i < count; i++) {
            int label = random.nextInt(CLASSES);
            labels[i] = (byte) label;
            for (int y = 0; y < SIDE; y++) {
                for (int x = 0; x < SIDE; x++) {
                    int quadrant = (y / 2) * 2 + x / 2;
                    int value = (quadrant == label ? 180 : 0) + random.nextInt(70);
                    pixels[i * SIDE * SIDE + y * SIDE + x] = (byte) value;
                }
            }
        }
        Files.write(dir.resolve(prefix + "-images-idx3-ubyte"), idx(0x00000803, new int[] {count, SIDE, SIDE}, pixels));
        Files.write(dir.resolve(prefix + "-labels-idx1-ubyte"), idx(0x00000801, new int[] {count}, labels));
    }

    /** Magic, big-endian dimensions, then the unsigned bytes. */
    static byte[] idx(int magic, int[] dims, byte[] data) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeInt(magic);
        for (int dim : dims) {
            out.writeInt(dim);
        }
        out.write(data);
        return bytes.toByteArray();
    }
}
