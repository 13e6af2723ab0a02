package org.pouw.ml.model;

import java.util.Arrays;
import java.util.List;
import org.pouw.ml.tensor.MatMul;
import org.pouw.ml.tensor.Mix64;

/**
 * A 2-D convolution with a stride and zero padding on images stored height × width × channels (channels last). It
 * is computed as a matrix product over unrolled patches ("im2col"): each output position of each sample is one row
 * of {@code K·K·C} inputs, multiplied by the {@code K·K·C × F} filter matrix; a kernel offset that falls in the
 * padding contributes an exact zero, which the product skips like any other zero. The output is
 * {@code ⌊(H + 2P − K) / S⌋ + 1} by {@code ⌊(W + 2P − K) / S⌋ + 1}. The gradient scatter back onto the input image
 * runs in a fixed order (positions, then kernel offsets, then channels), one sample per thread.
 */
public final class Conv2dLayer implements Layer {
    /**
     * Floats in a 64-byte cache line: threads split the dense weight gradient along the patch at multiples of this,
     * so each reads whole lines of every unrolled row and its inner loop runs on whole vectors.
     */
    private static final int FLOATS_PER_LINE = 16;
    /** Rows of the gradient per block of {@link #filterRowGradient}: 32 rows of 256 filters are 32 KB. */
    private static final int ROWS_PER_BLOCK = 32;
    private final int height;
    private final int width;
    private final int channels;
    private final int filters;
    private final int kernel;
    private final int stride;
    private final int padding;
    private final int outHeight;
    private final int outWidth;
    private final int patch;
    private final Parameter weight;
    private final Parameter bias;
    private final float[][] weightTransposed;
    private float[][] columns;
    private float[][] product;
    private float[][] output;
    private float[][] gradProduct;
    private float[][] gradColumns;
    private float[][] gradInput;

    /** Stride 1, no padding: the "valid" convolution of {@link CnnArchitecture}. */
    public Conv2dLayer(int height, int width, int channels, int filters, int kernel) {
        this(height, width, channels, filters, kernel, 1, 0);
    }

    public Conv2dLayer(int height, int width, int channels, int filters, int kernel, int stride, int padding) {
        if (stride < 1 || padding < 0 || padding >= kernel) {
            throw new IllegalArgumentException("stride " + stride + " and padding " + padding
                    + " must be at least 1 and in [0, kernel " + kernel + ")");
        }
        if (kernel < 1 || kernel > height + 2 * padding || kernel > width + 2 * padding) {
            throw new IllegalArgumentException("kernel " + kernel + " does not fit a " + height + "x" + width
                    + " image padded by " + padding);
        }
        this.height = height;
        this.width = width;
        this.channels = channels;
        this.filters = filters;
        this.kernel = kernel;
        this.stride = stride;
        this.padding = padding;
        this.outHeight = outputExtent(height, kernel, stride, padding);
        this.outWidth = outputExtent(width, kernel, stride, padding);
        this.patch = kernel * kernel * channels;
        this.weight = new Parameter("conv.weight", patch, filters);
        this.bias = new Parameter("conv.bias", 1, filters);
        this.weightTransposed = new float[filters][patch];
    }

    /** {@code ⌊(size + 2·padding − kernel) / stride⌋ + 1}. */
    public static int outputExtent(int size, int kernel, int stride, int padding) {
        return (size + 2 * padding - kernel) / stride + 1;
    }

    public int stride() {
        return stride;
    }

    public int padding() {
        return padding;
    }

    public int height() {
        return height;
    }

    public int width() {
        return width;
    }

    public int channels() {
        return channels;
    }

    public int kernel() {
        return kernel;
    }

    public int filters() {
        return filters;
    }

    /** The filter matrix, {@code kernel·kernel·channels × filters}: row {@code (ky·kernel + kx)·channels + c}. */
    public Parameter weight() {
        return weight;
    }

    public Parameter bias() {
        return bias;
    }

    public int outHeight() {
        return outHeight;
    }

    public int outWidth() {
        return outWidth;
    }

    @Override
    public int inputSize() {
        return height * width * channels;
    }

    @Override
    public int outputSize() {
        return outHeight * outWidth * filters;
    }

    @Override
    public List<Parameter> parameters() {
        return List.of(weight, bias);
    }

    @Override
    public void initialise(long key) {
        float bound = (float) Activation.RELU.initBound(patch, filters);
        float[][] w = weight.value();
        for (int r = 0; r < patch; r++) {
            for (int c = 0; c < filters; c++) {
                w[r][c] = (2f * Mix64.unitFloat(Mix64.derive(key, (long) r * filters + c)) - 1f) * bound;
            }
        }
        Arrays.fill(bias.value()[0], 0f);
    }

    @Override
    public float[][] forward(float[][] input, Pass pass) {
        RowArrays.requireColumns(input, inputSize(), "conv layer");
        int batch = input.length;
        int positions = outHeight * outWidth;
        columns = RowArrays.ensure(columns, batch * positions, patch);
        output = RowArrays.ensure(output, batch, outputSize());
        float[][] cols = columns;
        float[] bRow = bias.value()[0];
        float[][] w = weight.value();
        boolean dense = MatMul.allFinite(w) && !MatMul.hasNegativeZero(bRow);
        // In the dense forms each sample's patches are unrolled (for the weight gradient) in the same part that
        // computes its output: one region instead of two, and the image is read while it is in that core's cache.
        if (dense && filters > positions) {
            // The same sums as the sparse form below (see MatMul.allFinite), one lane per filter: with more filters
            // than positions (a transformer's feed-forward expansion) a filter row is the longer vector.
            pass.team().forRange(batch, (from, to) -> {
                float[] row0 = new float[filters];
                float[] row1 = new float[filters];
                for (int b = from; b < to; b++) {
                    unroll(input[b], cols, b * positions);
                    filterRows(cols, b * positions, bRow, w, output[b], row0, row1);
                }
            });
            return output;
        }
        if (dense) {
            // The same sums as the sparse form below (see MatMul.allFinite), one lane per output position.
            pass.team().forRange(batch, (from, to) -> {
                // Buffers per chunk, not per thread: a ThreadLocal here would keep every replayed network alive.
                float[][] patches = new float[patch][positions];
                float[][] rows = new float[filters][positions];
                for (int b = from; b < to; b++) {
                    unroll(input[b], cols, b * positions);
                    unrollTransposed(input[b], patches);
                    for (int f = 0; f + 1 < filters; f += 2) {
                        MatMul.positionChains(patches, w, f, bRow[f], bRow[f + 1], rows[f], rows[f + 1]);
                    }
                    if (filters % 2 == 1) {
                        int f = filters - 1;
                        MatMul.positionChain(patches, w, f, bRow[f], rows[f]);
                    }
                    float[] out = output[b];
                    for (int f = 0; f < filters; f++) {
                        float[] row = rows[f];
                        for (int p = 0; p < positions; p++) {
                            out[p * filters + f] = row[p];
                        }
                    }
                }
            });
            return output;
        }
        pass.team().forRange(batch, (from, to) -> {
            for (int b = from; b < to; b++) {
                unroll(input[b], cols, b * positions);
            }
        });
        product = RowArrays.ensure(product, batch * positions, filters);
        float[][] prod = product;
        pass.team().forRange(prod.length, RowArrays.minRowsPerPart((long) patch * filters), (from, to) -> {
            for (int i = from; i < to; i++) {
                System.arraycopy(bRow, 0, prod[i], 0, filters);
            }
            MatMul.accumulate(cols, w, prod, from, to);
        });
        for (int b = 0; b < batch; b++) {
            for (int p = 0; p < positions; p++) {
                System.arraycopy(prod[b * positions + p], 0, output[b], p * filters, filters);
            }
        }
        return output;
    }

    /**
     * One sample's output, position by position: {@code out[p·F + f] = bias[f] + Σ_k patch[p][k]·W[k][f]}, k
     * ascending, zero terms included, two positions a pass.
     */
    private void filterRows(float[][] cols, int firstRow, float[] bRow, float[][] w, float[] out, float[] row0,
                            float[] row1) {
        int positions = outHeight * outWidth;
        int p = 0;
        for (; p + 1 < positions; p += 2) {
            System.arraycopy(bRow, 0, row0, 0, filters);
            System.arraycopy(bRow, 0, row1, 0, filters);
            MatMul.accumulateDensePair(cols[firstRow + p], 0, cols[firstRow + p + 1], 0, w, row0, row1);
            System.arraycopy(row0, 0, out, p * filters, filters);
            System.arraycopy(row1, 0, out, (p + 1) * filters, filters);
        }
        for (; p < positions; p++) {
            System.arraycopy(bRow, 0, row0, 0, filters);
            MatMul.accumulateDense(cols[firstRow + p], 0, w, row0);
            System.arraycopy(row0, 0, out, p * filters, filters);
        }
    }

    /** One sample's patches transposed: {@code into[k][p]} is kernel offset and channel k of output position p. */
    private void unrollTransposed(float[] image, float[][] into) {
        for (int ky = 0; ky < kernel; ky++) {
            for (int kx = 0; kx < kernel; kx++) {
                for (int c = 0; c < channels; c++) {
                    float[] row = into[(ky * kernel + kx) * channels + c];
                    for (int oy = 0; oy < outHeight; oy++) {
                        int iy = oy * stride + ky - padding;
                        int p0 = oy * outWidth;
                        if (iy < 0 || iy >= height) {
                            Arrays.fill(row, p0, p0 + outWidth, 0f);
                            continue;
                        }
                        for (int ox = 0; ox < outWidth; ox++) {
                            int ix = ox * stride + kx - padding;
                            row[p0 + ox] = ix < 0 || ix >= width ? 0f : image[(iy * width + ix) * channels + c];
                        }
                    }
                }
            }
        }
    }

    private void unroll(float[] image, float[][] cols, int firstRow) {
        for (int oy = 0; oy < outHeight; oy++) {
            for (int ox = 0; ox < outWidth; ox++) {
                float[] row = cols[firstRow + oy * outWidth + ox];
                for (int ky = 0; ky < kernel; ky++) {
                    int iy = oy * stride + ky - padding;
                    for (int kx = 0; kx < kernel; kx++) {
                        int ix = ox * stride + kx - padding;
                        int offset = (ky * kernel + kx) * channels;
                        if (iy < 0 || iy >= height || ix < 0 || ix >= width) {
                            Arrays.fill(row, offset, offset + channels, 0f);
                        } else {
                            System.arraycopy(image, (iy * width + ix) * channels, row, offset, channels);
                        }
                    }
                }
            }
        }
    }

    @Override
    public float[][] backward(float[][] gradOutput, boolean needInputGradient, Pass pass) {
        int batch = gradOutput.length;
        int positions = outHeight * outWidth;
        gradProduct = RowArrays.ensure(gradProduct, batch * positions, filters);
        float[][] gp = gradProduct;
        boolean[] finite = new boolean[batch];
        pass.team().forRange(batch, RowArrays.minRowsPerPart((long) positions * filters), (from, to) -> {
            for (int b = from; b < to; b++) {
                boolean allFinite = true;
                for (int p = 0; p < positions; p++) {
                    float[] row = gp[b * positions + p];
                    System.arraycopy(gradOutput[b], p * filters, row, 0, filters);
                    allFinite &= MatMul.allFinite(row);
                }
                finite[b] = allFinite;
            }
        });
        float[][] cols = columns;
        float[][] dW = weight.gradient();
        float[] db = bias.gradient()[0];
        if (allTrue(finite) && filters >= 4 * patch) {
            // The same sums as the sparse form below (see MatMul.allFinite), one lane per filter: with many more
            // filters than patch entries (a transformer's feed-forward expansion) a filter row is the long vector.
            pass.team().forRange(patch, RowArrays.minRowsPerPart((long) cols.length * filters),
                    (from, to) -> filterRowGradient(cols, gp, dW, from, to));
            biasGradient(gp, db);
        } else if (allTrue(finite)) {
            // The same sums as the sparse form below (see MatMul.allFinite), along the patch instead of the filters:
            // one part per thread, cut at whole cache lines of a patch row; the bias gradient is one more part.
            int[] bounds = RowArrays.alignedParts(patch, pass.team().threads(), FLOATS_PER_LINE);
            int parts = bounds.length - 1;
            pass.team().forRange(parts + 1, 1, (from, to) -> {
                for (int part = from; part < to; part++) {
                    if (part == parts) {
                        biasGradient(gp, db);
                    } else {
                        MatMul.transposedProductDense(cols, gp, dW, bounds[part], bounds[part + 1]);
                    }
                }
            });
        } else {
            pass.team().forRange(patch, (from, to) -> {
                for (int r = from; r < to; r++) {
                    Arrays.fill(dW[r], 0f);
                }
                MatMul.accumulateTransposed(cols, gp, dW, from, to);
            });
            biasGradient(gp, db);
        }
        if (!needInputGradient) {
            return null;
        }
        MatMul.transpose(weight.value(), weightTransposed);
        float[][] wt = weightTransposed;
        gradInput = RowArrays.ensure(gradInput, batch, inputSize());
        float[][] gi = gradInput;
        if (MatMul.allFinite(wt)) {
            // The same sums as the sparse form below (see MatMul.allFinite: every row starts at +0), two rows a pass;
            // each sample's patch gradients go into a scratch of this part's own and are folded onto its image at
            // once, in one region: the whole batch's patch gradients (18.9 MB for ResNet-8's first stage) never
            // make a round trip through memory, which two cores share.
            pass.team().forRange(batch, (from, to) -> {
                float[][] gc = new float[positions][patch];
                for (int b = from; b < to; b++) {
                    patchGradients(gp, b * positions, wt, gc);
                    fold(gc, 0, gi[b]);
                }
            });
            return gradInput;
        }
        gradColumns = RowArrays.ensure(gradColumns, batch * positions, patch);
        float[][] gc = gradColumns;
        pass.team().forRange(gc.length, RowArrays.minRowsPerPart((long) patch * filters), (from, to) -> {
            for (int i = from; i < to; i++) {
                Arrays.fill(gc[i], 0f);
            }
            MatMul.accumulate(gp, wt, gc, from, to);
        });
        pass.team().forRange(batch, (from, to) -> {
            for (int b = from; b < to; b++) {
                fold(gc, b * positions, gi[b]);
            }
        });
        return gradInput;
    }

    /**
     * One sample's patch gradients, {@code gc[p][k] = Σ_f gp[firstRow + p][f]·wT[f][k]}, f ascending from +0, zero
     * terms included, two positions a pass: every row the chain of {@link MatMul#accumulateDense}.
     */
    private void patchGradients(float[][] gp, int firstRow, float[][] wt, float[][] gc) {
        int positions = gc.length;
        for (float[] row : gc) {
            Arrays.fill(row, 0f);
        }
        int p = 0;
        for (; p + 1 < positions; p += 2) {
            MatMul.accumulateDensePair(gp[firstRow + p], 0, gp[firstRow + p + 1], 0, wt, gc[p], gc[p + 1]);
        }
        for (; p < positions; p++) {
            MatMul.accumulateDense(gp[firstRow + p], 0, wt, gc[p]);
        }
    }

    /**
     * {@code dW[k][f] = Σ_i cols[i][k]·gp[i][f]} for rows k in [from, to), i ascending from +0, zero terms included;
     * two rows and four i a pass. The rows i run in blocks of {@value #ROWS_PER_BLOCK}, every row k taking a block
     * before the next block starts: each element still adds its terms in ascending i, while the block of
     * {@code gp} stays in cache for all the rows.
     */
    private void filterRowGradient(float[][] cols, float[][] gp, float[][] dW, int from, int to) {
        for (int k = from; k < to; k++) {
            Arrays.fill(dW[k], 0f);
        }
        int m = cols.length;
        for (int i0 = 0; i0 < m; i0 += ROWS_PER_BLOCK) {
            int end = Math.min(m, i0 + ROWS_PER_BLOCK);
            int k = from;
            for (; k + 1 < to; k += 2) {
                float[] row0 = dW[k];
                float[] row1 = dW[k + 1];
                int i = i0;
                for (; i + 3 < end; i += 4) {
                    float[] c0 = cols[i];
                    float[] c1 = cols[i + 1];
                    float[] c2 = cols[i + 2];
                    float[] c3 = cols[i + 3];
                    MatMul.addFourPair(row0, row1, 0, filters, c0[k], c1[k], c2[k], c3[k],
                            c0[k + 1], c1[k + 1], c2[k + 1], c3[k + 1], gp[i], gp[i + 1], gp[i + 2], gp[i + 3]);
                }
                for (; i < end; i++) {
                    addTerm(row0, cols[i][k], gp[i]);
                    addTerm(row1, cols[i][k + 1], gp[i]);
                }
            }
            for (; k < to; k++) {
                for (int i = i0; i < end; i++) {
                    addTerm(dW[k], cols[i][k], gp[i]);
                }
            }
        }
    }

    private static void addTerm(float[] row, float a, float[] g) {
        for (int j = 0; j < row.length; j++) {
            row[j] = row[j] + a * g[j];
        }
    }

    /** {@code db[f] = Σ_i gp[i][f]}, rows in ascending order from +0. */
    private void biasGradient(float[][] gp, float[] db) {
        Arrays.fill(db, 0f);
        for (float[] row : gp) {
            for (int f = 0; f < filters; f++) {
                db[f] = db[f] + row[f];
            }
        }
    }

    private static boolean allTrue(boolean[] flags) {
        for (boolean flag : flags) {
            if (!flag) {
                return false;
            }
        }
        return true;
    }

    /** The adjoint of {@link #unroll}: adds each patch gradient back onto the image, in a fixed order. */
    private void fold(float[][] gc, int firstRow, float[] image) {
        Arrays.fill(image, 0f);
        for (int oy = 0; oy < outHeight; oy++) {
            for (int ox = 0; ox < outWidth; ox++) {
                float[] row = gc[firstRow + oy * outWidth + ox];
                for (int ky = 0; ky < kernel; ky++) {
                    int iy = oy * stride + ky - padding;
                    for (int kx = 0; kx < kernel; kx++) {
                        int ix = ox * stride + kx - padding;
                        if (iy < 0 || iy >= height || ix < 0 || ix >= width) {
                            continue;
                        }
                        int target = (iy * width + ix) * channels;
                        int offset = (ky * kernel + kx) * channels;
                        for (int c = 0; c < channels; c++) {
                            image[target + c] = image[target + c] + row[offset + c];
                        }
                    }
                }
            }
        }
    }
}
