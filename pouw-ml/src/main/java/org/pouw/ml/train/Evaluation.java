package org.pouw.ml.train;

import org.pouw.ml.wire.CanonicalReader;
import org.pouw.ml.wire.CanonicalWriter;
import org.pouw.ml.wire.EncodingException;

/**
 * Quality of a model on a dataset: sample count, mean loss, and the confusion matrix
 * ({@code confusion[actual][predicted]}) from which accuracy and per-class precision and recall follow.
 */
public record Evaluation(long samples, double meanLoss, int[][] confusion) {
    public static final int MAX_CLASSES = 1 << 12;

    public Evaluation {
        int classes = confusion.length;
        int[][] copy = new int[classes][];
        for (int i = 0; i < classes; i++) {
            if (confusion[i].length != classes) {
                throw new IllegalArgumentException("confusion matrix must be square");
            }
            copy[i] = confusion[i].clone();
        }
        confusion = copy;
    }

    @Override
    public int[][] confusion() {
        int[][] copy = new int[confusion.length][];
        for (int i = 0; i < copy.length; i++) {
            copy[i] = confusion[i].clone();
        }
        return copy;
    }

    public int classes() {
        return confusion.length;
    }

    public long correct() {
        long correct = 0;
        for (int c = 0; c < confusion.length; c++) {
            correct += confusion[c][c];
        }
        return correct;
    }

    public double accuracy() {
        return samples == 0 ? 0.0 : (double) correct() / samples;
    }

    /**
     * {@code exp(mean loss)} through {@link StrictMath}: for a language model's softmax cross-entropy in nats, the
     * held-out perplexity per token (256 for a uniform guess over the bytes, 1 for a perfect model).
     */
    public double perplexity() {
        return StrictMath.exp(meanLoss);
    }

    /** Of the samples predicted as {@code c}, the fraction that are {@code c} (0 when none were predicted). */
    public double precision(int c) {
        long predicted = 0;
        for (int[] row : confusion) {
            predicted += row[c];
        }
        return predicted == 0 ? 0.0 : (double) confusion[c][c] / predicted;
    }

    /** Of the samples that are {@code c}, the fraction predicted as {@code c} (0 when there were none). */
    public double recall(int c) {
        long actual = 0;
        for (int count : confusion[c]) {
            actual += count;
        }
        return actual == 0 ? 0.0 : (double) confusion[c][c] / actual;
    }

    public void encodeTo(CanonicalWriter out) {
        out.i64(samples).f64(meanLoss).i32(confusion.length);
        for (int[] row : confusion) {
            for (int count : row) {
                out.i32(count);
            }
        }
    }

    public static Evaluation decode(CanonicalReader in) {
        long samples = in.i64InRange("evaluation samples", 0, Long.MAX_VALUE);
        double meanLoss = in.f64("evaluation mean loss");
        int classes = in.i32InRange("evaluation classes", 0, MAX_CLASSES);
        if ((long) classes * classes * 4 > in.remaining()) {
            throw new EncodingException("evaluation: a " + classes + "-class confusion matrix does not fit in " + in.remaining() + " bytes");
        }
        int[][] confusion = new int[classes][classes];
        long total = 0;
        for (int[] row : confusion) {
            for (int j = 0; j < classes; j++) {
                row[j] = in.i32InRange("confusion count", 0, Integer.MAX_VALUE);
                total += row[j];
            }
        }
        if (total != samples) {
            throw new EncodingException("evaluation: confusion matrix counts " + total + " samples, header says " + samples);
        }
        return new Evaluation(samples, meanLoss, confusion);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Evaluation that && samples == that.samples
                && Double.compare(meanLoss, that.meanLoss) == 0 && java.util.Arrays.deepEquals(confusion, that.confusion);
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(samples, meanLoss, java.util.Arrays.deepHashCode(confusion));
    }

    @Override
    public String toString() {
        return String.format(java.util.Locale.ROOT, "Evaluation[samples=%d, accuracy=%.4f, meanLoss=%.4f]", samples, accuracy(), meanLoss);
    }
}
