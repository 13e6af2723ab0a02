package org.pouw.chain.mining;

import java.util.Map;
import org.pouw.ml.model.Conv2dLayer;
import org.pouw.ml.model.DenseLayer;
import org.pouw.ml.model.Layer;
import org.pouw.ml.model.LayerInputs;
import org.pouw.ml.model.Parameter;

/**
 * Watches a step's forward pass (docs/chain.md §3.2, §3.3): counts the multiply-adds of dense and convolution layers
 * whose both operands are non-zero, over the batch's distinct records only, and notes whether any layer was fed a
 * non-finite activation.
 *
 * <p>It reads what the pass computes anyway: per layer, the non-zero count of each weight row (the products one
 * non-zero input makes) — taken from the scan of the start state's words the vitals make anyway
 * ({@link VitalsScan}), so the weights are not read again — then for each counted record the sum of those counts
 * over its non-zero inputs, in the same pass that checks the inputs are finite. A dense layer's input r meets weight
 * row r. A convolution's unrolled patch entry {@code (ky, kx, c)} at output position {@code (oy, ox)} is pixel
 * {@code (oy + ky, ox + kx, c)} and meets filter row {@code (ky·K + kx)·C + c}; so the count is, over the patch
 * entries, the row's non-zero count times the non-zero pixels of channel c in the window the entry sweeps —
 * read from a summed-area table of the image's non-zero pixels, one pass over the image instead of one per
 * output position.
 */
public final class ForwardWork implements LayerInputs {
    private final boolean[] counted;
    private final Map<Parameter, int[]> nonZeroPerRow;
    private long multiplyAdds;
    private boolean finite = true;
    private int[] coverage = new int[0];

    /** {@code counted} marks the batch rows that count (see {@link DistinctRecords}). */
    public ForwardWork(boolean[] counted) {
        this(counted, Map.of());
    }

    /**
     * As {@link #ForwardWork(boolean[])}, with the non-zero count of each weight row of the start state already
     * known (the chain's step takes them from {@link VitalsScan#nonZeroPerRow()}); a weight it does not hold is
     * counted here.
     */
    public ForwardWork(boolean[] counted, Map<Parameter, int[]> nonZeroPerRow) {
        this.counted = counted.clone();
        this.nonZeroPerRow = nonZeroPerRow;
    }

    @Override
    public void fed(int index, Layer layer, float[][] input) {
        int[] nonZero = null;
        if (layer instanceof DenseLayer dense) {
            nonZero = nonZeroPerRow(dense.weight());
        } else if (layer instanceof Conv2dLayer conv) {
            nonZero = nonZeroPerRow(conv.weight());
        }
        // Rows of input summed in int before they join the long total: as many as cannot overflow.
        int chunk = nonZero == null ? 0 : Math.max(1, Integer.MAX_VALUE / Math.max(1, maxOf(nonZero)));
        for (int i = 0; i < input.length; i++) {
            float[] row = input[i];
            if (nonZero == null || !counted[i]) {
                finite &= allFinite(row);
            } else if (layer instanceof Conv2dLayer conv) {
                finite &= allFinite(row);
                multiplyAdds += convProducts(conv, row, nonZero);
            } else {
                multiplyAdds += denseProducts(row, nonZero, chunk);
            }
        }
    }

    /** The forward multiply-adds with both operands non-zero, over the counted records. */
    public long multiplyAdds() {
        return multiplyAdds;
    }

    /** Whether every activation fed to a layer was finite. */
    public boolean finite() {
        return finite;
    }

    private int[] nonZeroPerRow(Parameter weight) {
        int[] known = nonZeroPerRow.get(weight);
        return known != null ? known : countNonZeroPerRow(weight.value());
    }

    private static int[] countNonZeroPerRow(float[][] weights) {
        int[] counts = new int[weights.length];
        for (int r = 0; r < weights.length; r++) {
            int nonZero = 0;
            for (float w : weights[r]) {
                nonZero += w != 0f ? 1 : 0;
            }
            counts[r] = nonZero;
        }
        return counts;
    }

    /** Branch-free: a magnitude above {@code 0x7f7fffff} is ±∞ or NaN. */
    private static boolean allFinite(float[] row) {
        int nonFinite = 0;
        for (float x : row) {
            nonFinite |= 0x7f7fffff - (Float.floatToRawIntBits(x) & 0x7fffffff);
        }
        return nonFinite >= 0;
    }

    /** Σ over non-zero inputs r of row r's non-zero weights; notes a non-finite input on the way. */
    private long denseProducts(float[] x, int[] nonZero, int chunk) {
        int nonFinite = 0;
        long sum = 0;
        for (int from = 0; from < x.length; from += chunk) {
            int to = (int) Math.min(x.length, (long) from + chunk);
            int part = 0;
            for (int r = from; r < to; r++) {
                int m = Float.floatToRawIntBits(x[r]) & 0x7fffffff;
                nonFinite |= 0x7f7fffff - m;
                part += nonZero[r] & (-m >> 31);
            }
            sum += part;
        }
        finite &= nonFinite >= 0;
        return sum;
    }

    private static int maxOf(int[] values) {
        int max = 0;
        for (int v : values) {
            max = Math.max(max, v);
        }
        return max;
    }

    private long convProducts(Conv2dLayer conv, float[] image, int[] nonZero) {
        int kernel = conv.kernel();
        int height = conv.height();
        int width = conv.width();
        int channels = conv.channels();
        int outHeight = conv.outHeight();
        int outWidth = conv.outWidth();
        // table[((y · (W + 1)) + x) · C + c]: non-zero pixels of channel c in rows < y and columns < x.
        int stride = (width + 1) * channels;
        int size = (height + 1) * stride;
        if (coverage.length < size) {
            coverage = new int[size];
        }
        int[] table = coverage;
        java.util.Arrays.fill(table, 0, stride, 0);
        for (int y = 0; y < height; y++) {
            int above = y * stride;
            int here = above + stride;
            for (int c = 0; c < channels; c++) {
                table[here + c] = 0;
            }
            for (int x = 0; x < width; x++) {
                int pixel = (y * width + x) * channels;
                for (int c = 0; c < channels; c++) {
                    int m = Float.floatToRawIntBits(image[pixel + c]) & 0x7fffffff;
                    int nonZeroPixel = (-m) >>> 31;
                    int cell = (x + 1) * channels + c;
                    table[here + cell] = nonZeroPixel + table[here + cell - channels] + table[above + cell]
                            - table[above + cell - channels];
                }
            }
        }
        long sum = 0;
        for (int ky = 0; ky < kernel; ky++) {
            for (int kx = 0; kx < kernel; kx++) {
                int top = ky * stride;
                int bottom = (ky + outHeight) * stride;
                int left = kx * channels;
                int right = (kx + outWidth) * channels;
                int row = (ky * kernel + kx) * channels;
                for (int c = 0; c < channels; c++) {
                    long window = table[bottom + right + c] - table[bottom + left + c] - table[top + right + c]
                            + table[top + left + c];
                    sum += window * nonZero[row + c];
                }
            }
        }
        return sum;
    }
}
