package org.pouw.chain.mining;

import org.pouw.ml.model.Conv2dLayer;
import org.pouw.ml.model.DenseLayer;
import org.pouw.ml.model.Layer;
import org.pouw.ml.model.LayerInputs;

/**
 * Watches a step's forward pass (docs/chain.md §3.2, §3.3): counts the multiply-adds of dense and convolution layers
 * whose both operands are non-zero, over the batch's distinct records only, and notes whether any layer was fed a
 * non-finite activation.
 *
 * <p>It reads what the pass computes anyway: per layer, the non-zero count of each weight row (the products one
 * non-zero input makes), then for each counted record the sum of those counts over its non-zero inputs. A dense
 * layer's input r meets weight row r; a convolution's unrolled patch entry {@code (ky, kx, c)} at each output
 * position meets filter row {@code (ky·K + kx)·C + c}, so the patches need not be unrolled again.
 */
public final class ForwardWork implements LayerInputs {
    private final boolean[] counted;
    private long multiplyAdds;
    private boolean finite = true;

    /** {@code counted} marks the batch rows that count (see {@link DistinctRecords}). */
    public ForwardWork(boolean[] counted) {
        this.counted = counted.clone();
    }

    @Override
    public void fed(int index, Layer layer, float[][] input) {
        for (float[] row : input) {
            for (float x : row) {
                if (!Float.isFinite(x)) {
                    finite = false;
                }
            }
        }
        if (layer instanceof DenseLayer dense) {
            int[] nonZero = nonZeroPerRow(dense.weight().value());
            for (int i = 0; i < input.length; i++) {
                if (counted[i]) {
                    multiplyAdds += denseProducts(input[i], nonZero);
                }
            }
        } else if (layer instanceof Conv2dLayer conv) {
            int[] nonZero = nonZeroPerRow(conv.weight().value());
            for (int i = 0; i < input.length; i++) {
                if (counted[i]) {
                    multiplyAdds += convProducts(conv, input[i], nonZero);
                }
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

    private static int[] nonZeroPerRow(float[][] weights) {
        int[] counts = new int[weights.length];
        for (int r = 0; r < weights.length; r++) {
            int n = 0;
            for (float w : weights[r]) {
                if (w != 0f) {
                    n++;
                }
            }
            counts[r] = n;
        }
        return counts;
    }

    private static long denseProducts(float[] x, int[] nonZero) {
        long sum = 0;
        for (int r = 0; r < x.length; r++) {
            if (x[r] != 0f) {
                sum += nonZero[r];
            }
        }
        return sum;
    }

    private static long convProducts(Conv2dLayer conv, float[] image, int[] nonZero) {
        int kernel = conv.kernel();
        int width = conv.width();
        int channels = conv.channels();
        long sum = 0;
        for (int oy = 0; oy < conv.outHeight(); oy++) {
            for (int ox = 0; ox < conv.outWidth(); ox++) {
                for (int ky = 0; ky < kernel; ky++) {
                    for (int kx = 0; kx < kernel; kx++) {
                        int source = ((oy + ky) * width + ox + kx) * channels;
                        int row = (ky * kernel + kx) * channels;
                        for (int c = 0; c < channels; c++) {
                            if (image[source + c] != 0f) {
                                sum += nonZero[row + c];
                            }
                        }
                    }
                }
            }
        }
        return sum;
    }
}
