package org.pouw.ml.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the CIFAR-10 binary format: records of one label byte (0–9) followed by 3,072 pixel bytes — the red,
 * green and blue 32×32 planes. Images are turned into this library's channels-last layout
 * ({@code (y·32 + x)·3 + c}) with pixels scaled to [0, 1]. Several batch files read as one dataset, in order.
 */
public final class Cifar10Reader {
    public static final int SIDE = 32;
    public static final int CHANNELS = 3;
    public static final int CLASSES = 10;
    private static final int PLANE = SIDE * SIDE;
    private static final int RECORD = 1 + CHANNELS * PLANE;

    private Cifar10Reader() {
    }

    public static Dataset read(List<Path> files) throws IOException {
        List<float[]> features = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        for (Path file : files) {
            append(Files.readAllBytes(file), file.getFileName().toString(), features, labels);
        }
        return build(features, labels);
    }

    public static Dataset read(byte[] data, String name) {
        List<float[]> features = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        append(data, name, features, labels);
        return build(features, labels);
    }

    private static void append(byte[] data, String name, List<float[]> features, List<Integer> labels) {
        if (data.length == 0) {
            throw new DatasetFormatException(name, "empty file, expected records of " + RECORD + " bytes");
        }
        if (data.length % RECORD != 0) {
            throw new DatasetFormatException(name, data.length + " bytes is not a whole number of " + RECORD
                    + "-byte records (last record has " + (data.length % RECORD) + " bytes)");
        }
        for (int start = 0; start < data.length; start += RECORD) {
            int label = data[start] & 0xFF;
            if (label >= CLASSES) {
                throw new DatasetFormatException(name, "record " + (start / RECORD) + " has label " + label + ", not in 0-9");
            }
            float[] image = new float[CHANNELS * PLANE];
            for (int c = 0; c < CHANNELS; c++) {
                int plane = start + 1 + c * PLANE;
                for (int p = 0; p < PLANE; p++) {
                    image[p * CHANNELS + c] = (data[plane + p] & 0xFF) / 255f;
                }
            }
            features.add(image);
            labels.add(label);
        }
    }

    private static Dataset build(List<float[]> features, List<Integer> labels) {
        int[] labelArray = new int[labels.size()];
        for (int i = 0; i < labelArray.length; i++) {
            labelArray[i] = labels.get(i);
        }
        return Dataset.owning(features.toArray(new float[0][]), labelArray, CLASSES);
    }
}
