package org.pouw.ml;

import java.util.SplittableRandom;
import org.pouw.ml.data.Dataset;

/** Small generated datasets so tests run anywhere, fast. */
public final class SyntheticData {
    private SyntheticData() {
    }

    /** Gaussian blobs: each class a random centre in [-1, 1]^features, points scattered around it. */
    public static Dataset blobs(int n, int features, int classes, double spread, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[][] centres = new float[classes][features];
        SplittableRandom centreRandom = new SplittableRandom(12345);
        for (float[] centre : centres) {
            for (int j = 0; j < features; j++) {
                centre[j] = (float) (centreRandom.nextDouble() * 2 - 1);
            }
        }
        float[][] x = new float[n][features];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = random.nextInt(classes);
            for (int j = 0; j < features; j++) {
                x[i][j] = (float) (centres[y[i]][j] + spread * gaussian(random));
            }
        }
        return Dataset.of(x, y, classes);
    }

    /** 8×8 single-channel images of a horizontal bar, a vertical bar or a diagonal (classes 0, 1, 2), with noise. */
    public static Dataset bars(int n, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[][] x = new float[n][64];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            int kind = random.nextInt(3);
            int at = random.nextInt(8);
            y[i] = kind;
            for (int r = 0; r < 8; r++) {
                for (int c = 0; c < 8; c++) {
                    boolean on = switch (kind) {
                        case 0 -> r == at;
                        case 1 -> c == at;
                        default -> r == c;
                    };
                    x[i][r * 8 + c] = (float) ((on ? 0.9 : 0.1) + 0.1 * random.nextDouble());
                }
            }
        }
        return Dataset.of(x, y, 3);
    }

    /**
     * Channels-last {@code height × width × channels} images of {@code classes} kinds: class k lights a blob in one
     * of the image's corners (k mod 4) with a colour that depends on k, on uniform noise.
     */
    public static Dataset images(int n, int height, int width, int channels, int classes, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[][] x = new float[n][height * width * channels];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            int kind = random.nextInt(classes);
            y[i] = kind;
            int top = (kind % 4) / 2 == 0 ? 0 : height / 2;
            int left = kind % 2 == 0 ? 0 : width / 2;
            for (int r = 0; r < height; r++) {
                for (int c = 0; c < width; c++) {
                    boolean inside = r >= top && r < top + height / 2 && c >= left && c < left + width / 2;
                    for (int ch = 0; ch < channels; ch++) {
                        float colour = inside ? 0.5f + 0.5f * ((kind + ch) % channels == 0 ? 1f : 0.3f) : 0f;
                        x[i][(r * width + c) * channels + ch] = colour + 0.2f * (float) random.nextDouble();
                    }
                }
            }
        }
        return Dataset.of(x, y, classes);
    }

    /** Sequences of {@code length} token ids below {@code vocab} (as floats); the label is the most frequent id mod classes. */
    public static Dataset tokens(int n, int length, int vocab, int classes, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[][] x = new float[n][length];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            int[] counts = new int[vocab];
            int favourite = random.nextInt(vocab);
            for (int t = 0; t < length; t++) {
                int id = random.nextInt(3) == 0 ? random.nextInt(vocab) : favourite;
                x[i][t] = id;
                counts[id]++;
            }
            int best = 0;
            for (int v = 1; v < vocab; v++) {
                if (counts[v] > counts[best]) {
                    best = v;
                }
            }
            y[i] = best % classes;
        }
        return Dataset.of(x, y, classes);
    }

    private static double gaussian(SplittableRandom random) {
        // Box–Muller; StrictMath so the data is the same in every JVM the tests start.
        double u = 1.0 - random.nextDouble();
        double v = random.nextDouble();
        return StrictMath.sqrt(-2.0 * StrictMath.log(u)) * StrictMath.cos(2 * StrictMath.PI * v);
    }
}
