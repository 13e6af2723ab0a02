package org.pouw.bench.chain;

import java.util.SplittableRandom;
import org.pouw.ml.data.Dataset;

/**
 * Generated stand-ins for CIFAR-10 (no download is possible here): 32 × 32 × 3 colour images, channels last, values
 * quantised to k/255 like the real set's bytes, 10 classes. Each class has its own object colour and its own stripe
 * orientation and frequency; an image is a soft disc of the class colour at a random place and size on a random dull
 * background, the class's stripes at a random phase and strength over it, and pixel noise, clipped to [0, 1] — so
 * dark regions hold exact zeros, as real photographs do, and the classes overlap enough that training is gradual.
 * What matters for the liveness calibration is the shape (3,072 dense features of natural-image statistics), not the
 * pictures.
 */
final class CifarShapedImages {
    static final int SIDE = 32;
    static final int CHANNELS = 3;
    static final int CLASSES = 10;

    private CifarShapedImages() {
    }

    /**
     * {@code n} images; {@code normalised} scales each channel to mean 0 and standard deviation 1 over the set (what
     * training on CIFAR-10 does, torchvision's {@code Normalize}), else the raw k/255 values in [0, 1].
     */
    static Dataset generate(int n, long seed, boolean normalised) {
        Dataset raw = generate(n, seed);
        return normalised ? normalise(raw) : raw;
    }

    private static Dataset normalise(Dataset raw) {
        double[] sum = new double[CHANNELS];
        double[] squares = new double[CHANNELS];
        for (int i = 0; i < raw.size(); i++) {
            float[] x = raw.features(i);
            for (int j = 0; j < x.length; j++) {
                sum[j % CHANNELS] += x[j];
                squares[j % CHANNELS] += (double) x[j] * x[j];
            }
        }
        double count = (double) raw.size() * SIDE * SIDE;
        float[] mean = new float[CHANNELS];
        float[] scale = new float[CHANNELS];
        for (int ch = 0; ch < CHANNELS; ch++) {
            double m = sum[ch] / count;
            mean[ch] = (float) m;
            scale[ch] = (float) (1 / Math.sqrt(squares[ch] / count - m * m));
        }
        float[][] x = new float[raw.size()][];
        int[] y = new int[raw.size()];
        for (int i = 0; i < raw.size(); i++) {
            float[] row = raw.features(i).clone();
            for (int j = 0; j < row.length; j++) {
                row[j] = (row[j] - mean[j % CHANNELS]) * scale[j % CHANNELS];
            }
            x[i] = row;
            y[i] = raw.label(i);
        }
        return Dataset.of(x, y, CLASSES);
    }

    static Dataset generate(int n, long seed) {
        SplittableRandom classes = new SplittableRandom(seed);
        float[][] colour = new float[CLASSES][CHANNELS];
        double[] angle = new double[CLASSES];
        double[] frequency = new double[CLASSES];
        for (int c = 0; c < CLASSES; c++) {
            for (int ch = 0; ch < CHANNELS; ch++) {
                colour[c][ch] = (float) classes.nextDouble(0.1, 0.95);
            }
            angle[c] = Math.PI * c / CLASSES;
            frequency[c] = 1.5 + c % 4;
        }
        SplittableRandom random = new SplittableRandom(seed ^ 0x5DEECE66DL);
        float[][] x = new float[n][SIDE * SIDE * CHANNELS];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            int label = random.nextInt(CLASSES);
            y[i] = label;
            double[] background = {random.nextDouble(0, 0.5), random.nextDouble(0, 0.5), random.nextDouble(0, 0.5)};
            double centreY = random.nextDouble(8, 24);
            double centreX = random.nextDouble(8, 24);
            double radius = random.nextDouble(5, 12);
            double phase = random.nextDouble(0, 2 * Math.PI);
            double stripes = random.nextDouble(0.05, 0.25);
            double cos = Math.cos(angle[label]);
            double sin = Math.sin(angle[label]);
            for (int py = 0; py < SIDE; py++) {
                for (int px = 0; px < SIDE; px++) {
                    double distance = Math.hypot(py - centreY, px - centreX);
                    double mask = 1 / (1 + Math.exp((distance - radius) * 1.5));
                    double wave = stripes * Math.sin(2 * Math.PI * frequency[label] * (px * cos + py * sin) / SIDE
                            + phase);
                    for (int ch = 0; ch < CHANNELS; ch++) {
                        double v = background[ch] * (1 - mask) + colour[label][ch] * mask + wave
                                + 0.08 * random.nextGaussian();
                        double clipped = Math.min(1, Math.max(0, v));
                        x[i][(py * SIDE + px) * CHANNELS + ch] = (float) (Math.round(clipped * 255) / 255.0);
                    }
                }
            }
        }
        return Dataset.of(x, y, CLASSES);
    }
}
