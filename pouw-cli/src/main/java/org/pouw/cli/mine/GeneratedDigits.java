package org.pouw.cli.mine;

import java.util.SplittableRandom;
import org.pouw.ml.data.Dataset;

/**
 * MNIST-shaped data made on the spot, so the demo and the tests need no download: 28×28 grey images of the ten
 * digits drawn as seven-segment strokes two pixels thick, each shifted by up to two pixels, with a fifth of the
 * stroke pixels dimmed and a light speckle of noise. Labels 0–9, pixels in [0, 1], 784 features — the shape of
 * MNIST, and a task a small MLP learns to well above chance in a few hundred steps.
 */
public final class GeneratedDigits {
    public static final int SIDE = 28;
    public static final int FEATURES = SIDE * SIDE;
    public static final int CLASSES = 10;
    /** Which of the segments a b c d e f g each digit lights (a top, b top right, c bottom right, d bottom, e bottom
     * left, f top left, g middle). */
    private static final String[] SEGMENTS = {"abcdef", "bc", "abged", "abgcd", "fgbc", "afgcd", "afgedc", "abc",
        "abcdefg", "abcdfg"};

    private GeneratedDigits() {
    }

    /** {@code n} images, {@code seed} choosing the digits, shifts and noise. */
    public static Dataset generate(int n, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[][] x = new float[n][];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = random.nextInt(CLASSES);
            x[i] = draw(y[i], random);
        }
        return Dataset.of(x, y, CLASSES);
    }

    private static float[] draw(int digit, SplittableRandom random) {
        float[] image = new float[FEATURES];
        int dx = random.nextInt(5) - 2;
        int dy = random.nextInt(5) - 2;
        int left = 9 + dx;
        int right = 18 + dx;
        int top = 5 + dy;
        int middle = 13 + dy;
        int bottom = 21 + dy;
        for (char segment : SEGMENTS[digit].toCharArray()) {
            switch (segment) {
                case 'a' -> line(image, left, top, right, top, random);
                case 'b' -> line(image, right, top, right, middle, random);
                case 'c' -> line(image, right, middle, right, bottom, random);
                case 'd' -> line(image, left, bottom, right, bottom, random);
                case 'e' -> line(image, left, middle, left, bottom, random);
                case 'f' -> line(image, left, top, left, middle, random);
                case 'g' -> line(image, left, middle, right, middle, random);
                default -> throw new IllegalStateException("segment " + segment);
            }
        }
        for (int p = 0; p < FEATURES; p++) {
            if (random.nextInt(50) == 0) {
                image[p] = Math.max(image[p], (float) (0.3 * random.nextDouble()));
            }
        }
        return image;
    }

    /** A horizontal or vertical stroke two pixels thick. */
    private static void line(float[] image, int x0, int y0, int x1, int y1, SplittableRandom random) {
        for (int x = x0; x <= x1; x++) {
            for (int y = y0; y <= y1; y++) {
                for (int t = 0; t < 2; t++) {
                    int px = x0 == x1 ? x + t : x;
                    int py = y0 == y1 ? y + t : y;
                    if (px >= 0 && px < SIDE && py >= 0 && py < SIDE) {
                        image[py * SIDE + px] = random.nextInt(5) == 0 ? 0.5f : 1f;
                    }
                }
            }
        }
    }
}
