package org.pouw.ml.model;

import java.util.Arrays;
import java.util.List;
import org.pouw.ml.tensor.MatMul;
import org.pouw.ml.tensor.Mix64;

/**
 * Multi-head scaled dot-product self-attention (Vaswani et al., "Attention Is All You Need", 2017) over the
 * {@code positions} of a sequence of {@code width}-channel tokens, optionally causal (a position attends only to
 * itself and earlier positions, as in a decoder-only language model). With x one sample's {@code positions × width}
 * tokens: {@code Q = xWq + bq}, {@code K = xWk + bk}, {@code V = xWv + bv}; head h takes channels
 * {@code [h·d, (h+1)·d)} with d = width / heads, {@code P = softmax(QₕKₕᵀ/√d)} per row (masked entries exactly 0),
 * {@code Cₕ = PVₕ}, and {@code y = CWo + bo}. Weights are stored input-major ({@code W[in][out]}), PyTorch's
 * {@code in_proj}/{@code out_proj} transposed.
 *
 * <p>Determinism: every sum runs in a fixed ascending order — projections as float axpy chains over the input
 * channel (as {@link DenseLayer}), a score as a float chain over the head's channels, a context row as a float axpy
 * chain over the attended positions. Softmax subtracts the row's maximum, takes {@link StrictMath#exp} in double,
 * sums in double in ascending position and rounds each probability once. Samples are independent, so the forward
 * pass and the per-sample backward pass split samples over threads; each weight gradient row sums samples, then
 * positions, in ascending order and threads split the rows; bias gradients are summed by one thread.
 *
 * <p>Speed without changing a sum: an axpy chain applies four terms per pass as {@code (((y + t0) + t1) + t2) + t3},
 * which Java evaluates as four single-term passes; the scores of one query (and dP in the backward pass) are
 * computed for all keys at once, one lane per key, from a transposed copy of the keys (values), each lane keeping its
 * own chain over the head's channels in ascending order. Q, K and V are one product with the three weight matrices
 * side by side (each output's chain is its own projection's: bias, then the input channels ascending), so a pass
 * runs along rows three times as long; projections and input gradients compute two positions a pass, sharing each
 * weight row's loads; weight gradients two rows a pass, Q, K and V's again side by side (they share their input).
 */
public final class SelfAttentionLayer implements Layer {
    private final int positions;
    private final int width;
    private final int heads;
    private final int headWidth;
    private final boolean causal;
    private final float scale;
    private final Parameter wq;
    private final Parameter bq;
    private final Parameter wk;
    private final Parameter bk;
    private final Parameter wv;
    private final Parameter bv;
    private final Parameter wo;
    private final Parameter bo;
    private final float[][] woTransposed;
    private final float[][] wqTransposed;
    private final float[][] wkTransposed;
    private final float[][] wvTransposed;
    /** Row r is {@code [Wq[r] | Wk[r] | Wv[r]]}: the three projections of a position as one chain per output. */
    private final float[][] wqkv;
    private final float[] bqkv;
    /** The Q, K and V weight gradients side by side, rows as {@link #wqkv}'s, before they are copied out. */
    private final float[][] dWqkv;
    private float[][] input;
    private float[][] q;
    private float[][] k;
    private float[][] v;
    private float[][] context;
    private float[][] probabilities;
    private float[][] output;
    private float[][] dq;
    private float[][] dk;
    private float[][] dv;
    private float[][] dContext;
    private float[][] gradInput;
    private float[][][] gradientRows;
    private float[][][] gradientRowsQkv;
    private final float[] zeros;

    public SelfAttentionLayer(int positions, int width, int heads, boolean causal) {
        if (positions < 1 || width < 1 || heads < 1 || width % heads != 0) {
            throw new IllegalArgumentException("self-attention needs positions, a width and heads dividing it, got "
                    + positions + ", " + width + " and " + heads);
        }
        this.positions = positions;
        this.width = width;
        this.heads = heads;
        this.headWidth = width / heads;
        this.causal = causal;
        this.scale = (float) (1.0 / Math.sqrt(headWidth));
        this.wq = new Parameter("attention.wq", width, width);
        this.bq = new Parameter("attention.bq", 1, width);
        this.wk = new Parameter("attention.wk", width, width);
        this.bk = new Parameter("attention.bk", 1, width);
        this.wv = new Parameter("attention.wv", width, width);
        this.bv = new Parameter("attention.bv", 1, width);
        this.wo = new Parameter("attention.wo", width, width);
        this.bo = new Parameter("attention.bo", 1, width);
        this.woTransposed = new float[width][width];
        this.wqTransposed = new float[width][width];
        this.wkTransposed = new float[width][width];
        this.wvTransposed = new float[width][width];
        this.wqkv = new float[width][3 * width];
        this.bqkv = new float[3 * width];
        this.dWqkv = new float[width][3 * width];
        this.zeros = new float[width];
    }

    public int positions() {
        return positions;
    }

    public int width() {
        return width;
    }

    public int heads() {
        return heads;
    }

    public boolean causal() {
        return causal;
    }

    /** Query, key, value and output projections with their biases, in that order (each weight input-major). */
    public List<Parameter> projections() {
        return List.of(wq, bq, wk, bk, wv, bv, wo, bo);
    }

    /*
     * What the last forward pass computed inside the layer, one row per sample of the batch (positions × width, the
     * probabilities heads × positions × positions), for an observer that prices the pass's products (the chain counts
     * the products whose operands are both non-zero). The layer's own arrays, overwritten by the next forward pass:
     * read them, never write them; null before the first pass.
     */

    /** The queries Q = xWq + bq of the last forward pass. */
    public float[][] lastQueries() {
        return q;
    }

    /** The keys K = xWk + bk of the last forward pass. */
    public float[][] lastKeys() {
        return k;
    }

    /** The values V = xWv + bv of the last forward pass. */
    public float[][] lastValues() {
        return v;
    }

    /** The attention probabilities of the last forward pass, head by head, row t then column u (masked ones 0). */
    public float[][] lastProbabilities() {
        return probabilities;
    }

    /** The context rows C (every head's PVₕ side by side) of the last forward pass: the output projection's input. */
    public float[][] lastContexts() {
        return context;
    }

    @Override
    public int inputSize() {
        return positions * width;
    }

    @Override
    public int outputSize() {
        return positions * width;
    }

    @Override
    public List<Parameter> parameters() {
        return projections();
    }

    /** Glorot-uniform weights (fan width in, width out), each matrix from its own key; zero biases. */
    @Override
    public void initialise(long key) {
        float bound = (float) Activation.TANH.initBound(width, width);
        Parameter[] weights = {wq, wk, wv, wo};
        for (int m = 0; m < weights.length; m++) {
            long matrixKey = Mix64.derive(key, m);
            float[][] w = weights[m].value();
            for (int r = 0; r < width; r++) {
                for (int c = 0; c < width; c++) {
                    w[r][c] = (2f * Mix64.unitFloat(Mix64.derive(matrixKey, (long) r * width + c)) - 1f) * bound;
                }
            }
        }
        for (Parameter b : List.of(bq, bk, bv, bo)) {
            Arrays.fill(b.value()[0], 0f);
        }
    }

    @Override
    public float[][] forward(float[][] in, Pass pass) {
        RowArrays.requireColumns(in, inputSize(), "self-attention");
        int batch = in.length;
        int size = inputSize();
        input = in;
        q = RowArrays.ensure(q, batch, size);
        k = RowArrays.ensure(k, batch, size);
        v = RowArrays.ensure(v, batch, size);
        context = RowArrays.ensure(context, batch, size);
        probabilities = RowArrays.ensure(probabilities, batch, heads * positions * positions);
        output = RowArrays.ensure(output, batch, size);
        float[][] qs = q;
        float[][] ks = k;
        float[][] vs = v;
        float[][] cs = context;
        float[][] ps = probabilities;
        float[][] out = output;
        sideBySide(wq.value(), wk.value(), wv.value(), wqkv);
        System.arraycopy(bq.value()[0], 0, bqkv, 0, width);
        System.arraycopy(bk.value()[0], 0, bqkv, width, width);
        System.arraycopy(bv.value()[0], 0, bqkv, 2 * width, width);
        pass.team().forRange(batch, RowArrays.minRowsPerPart(multiplyAddsPerSample()), (from, to) -> {
            double[] exps = new double[positions];
            float[][] keysTransposed = new float[width][positions];
            float[] dots = new float[positions];
            float[] row0 = new float[3 * width];
            float[] row1 = new float[3 * width];
            float[] outRow0 = new float[width];
            float[] outRow1 = new float[width];
            SampleRows rows = new SampleRows();
            for (int i = from; i < to; i++) {
                projectQkv(in[i], qs[i], ks[i], vs[i], row0, row1);
                transposeSample(ks[i], keysTransposed);
                toRows(vs[i], rows.a);
                rows.clear(rows.b);
                attend(qs[i], keysTransposed, rows.a, ps[i], rows.b, exps, dots);
                fromRows(rows.b, cs[i]);
                project(cs[i], wo.value(), bo.value()[0], out[i], outRow0, outRow1);
            }
        });
        return output;
    }

    /** {@code into[r] = [wq[r] | wk[r] | wv[r]]}. */
    private void sideBySide(float[][] a, float[][] b, float[][] c, float[][] into) {
        for (int r = 0; r < width; r++) {
            System.arraycopy(a[r], 0, into[r], 0, width);
            System.arraycopy(b[r], 0, into[r], width, width);
            System.arraycopy(c[r], 0, into[r], 2 * width, width);
        }
    }

    /**
     * Q, K and V of every position as one product with {@link #wqkv}: each output is still {@code b + Σ_r x[t][r]·W[r]}
     * in ascending r (the three projections' chains are independent, so computing them side by side changes no sum);
     * a row three times as long, two positions a pass.
     */
    private void projectQkv(float[] x, float[] q, float[] k, float[] v, float[] row0, float[] row1) {
        int t = 0;
        for (; t + 1 < positions; t += 2) {
            int at = t * width;
            System.arraycopy(bqkv, 0, row0, 0, 3 * width);
            System.arraycopy(bqkv, 0, row1, 0, 3 * width);
            MatMul.accumulateDensePair(x, at, x, at + width, wqkv, row0, row1);
            splitQkv(row0, q, k, v, at);
            splitQkv(row1, q, k, v, at + width);
        }
        for (; t < positions; t++) {
            int at = t * width;
            System.arraycopy(bqkv, 0, row0, 0, 3 * width);
            MatMul.accumulateDense(x, at, wqkv, row0);
            splitQkv(row0, q, k, v, at);
        }
    }

    private void splitQkv(float[] row, float[] q, float[] k, float[] v, int at) {
        System.arraycopy(row, 0, q, at, width);
        System.arraycopy(row, width, k, at, width);
        System.arraycopy(row, 2 * width, v, at, width);
    }

    /** Per position t: {@code y[t] = b + Σ_r x[t][r]·W[r]}, an axpy chain in ascending r, two positions a pass. */
    private void project(float[] x, float[][] w, float[] b, float[] y, float[] row0, float[] row1) {
        int t = 0;
        for (; t + 1 < positions; t += 2) {
            int at = t * width;
            System.arraycopy(b, 0, row0, 0, width);
            System.arraycopy(b, 0, row1, 0, width);
            MatMul.accumulateDensePair(x, at, x, at + width, w, row0, row1);
            System.arraycopy(row0, 0, y, at, width);
            System.arraycopy(row1, 0, y, at + width, width);
        }
        for (; t < positions; t++) {
            int at = t * width;
            System.arraycopy(b, 0, row0, 0, width);
            MatMul.accumulateDense(x, at, w, row0);
            System.arraycopy(row0, 0, y, at, width);
        }
    }

    /** {@code into[c][u] = x[u·width + c]}: one sample's keys (or values) channel-major, for the lane-wise dots. */
    private void transposeSample(float[] x, float[][] into) {
        for (int u = 0; u < positions; u++) {
            int at = u * width;
            for (int c = 0; c < width; c++) {
                into[c][u] = x[at + c];
            }
        }
    }

    /**
     * {@code dots[u] = Σ_c a[at + c]·bT[c0 + c][u]} for u in [0, count), c ascending over the head's channels from
     * {@code 0f}: the float chain of one dot product per lane.
     */
    private void laneDots(float[] a, int at, float[][] bT, int c0, float[] dots, int count) {
        java.util.Arrays.fill(dots, 0, count, 0f);
        for (int c = 0; c < headWidth; c++) {
            float ac = a[at + c];
            float[] row = bT[c0 + c];
            for (int u = 0; u < count; u++) {
                dots[u] = dots[u] + ac * row[u];
            }
        }
    }

    /**
     * {@code y[c0 + c] += Σ_u p[from + u]·x[u][c0 + c]}, u ascending over [0, count), four terms a pass. Rows of
     * their own indexed alike, so the loop over the head's channels vectorises.
     */
    private void weightedRows(float[] p, int from, float[][] x, int c0, float[] y, int count) {
        int end = c0 + headWidth;
        int u = 0;
        for (; u + 3 < count; u += 4) {
            float p0 = p[from + u];
            float p1 = p[from + u + 1];
            float p2 = p[from + u + 2];
            float p3 = p[from + u + 3];
            float[] x0 = x[u];
            float[] x1 = x[u + 1];
            float[] x2 = x[u + 2];
            float[] x3 = x[u + 3];
            for (int c = c0; c < end; c++) {
                y[c] = y[c] + p0 * x0[c] + p1 * x1[c] + p2 * x2[c] + p3 * x3[c];
            }
        }
        for (; u < count; u++) {
            float pu = p[from + u];
            float[] xu = x[u];
            for (int c = c0; c < end; c++) {
                y[c] = y[c] + pu * xu[c];
            }
        }
    }

    /** {@code rows[t][c] = flat[t·width + c]}. */
    private void toRows(float[] flat, float[][] rows) {
        for (int t = 0; t < positions; t++) {
            System.arraycopy(flat, t * width, rows[t], 0, width);
        }
    }

    /** {@code flat[t·width + c] = rows[t][c]}. */
    private void fromRows(float[][] rows, float[] flat) {
        for (int t = 0; t < positions; t++) {
            System.arraycopy(rows[t], 0, flat, t * width, width);
        }
    }

    /** One sample's tensors as position rows, per thread: the attention loops read and write rows indexed alike. */
    private final class SampleRows {
        final float[][] a = new float[positions][width];
        final float[][] b = new float[positions][width];
        final float[][] c = new float[positions][width];
        final float[][] d = new float[positions][width];
        final float[][] e = new float[positions][width];
        final float[][] f = new float[positions][width];

        void clear(float[][] rows) {
            for (float[] row : rows) {
                Arrays.fill(row, 0f);
            }
        }
    }

    /** One sample's attention: the probabilities (heads × positions × positions) and the context rows. */
    private void attend(float[] qs, float[][] keysTransposed, float[][] valueRows, float[] ps, float[][] contextRows,
                        double[] exps, float[] dots) {
        for (int h = 0; h < heads; h++) {
            int c0 = h * headWidth;
            for (int t = 0; t < positions; t++) {
                int last = causal ? t : positions - 1;
                int row = (h * positions + t) * positions;
                float max = Float.NEGATIVE_INFINITY;
                laneDots(qs, t * width + c0, keysTransposed, c0, dots, last + 1);
                for (int u = 0; u <= last; u++) {
                    float score = dots[u] * scale;
                    ps[row + u] = score;
                    max = Math.max(max, score);
                }
                double sum = 0.0;
                for (int u = 0; u <= last; u++) {
                    exps[u] = StrictMath.exp((double) ps[row + u] - max);
                    sum += exps[u];
                }
                for (int u = 0; u <= last; u++) {
                    ps[row + u] = (float) (exps[u] / sum);
                }
                for (int u = last + 1; u < positions; u++) {
                    ps[row + u] = 0f;
                }
                weightedRows(ps, row, valueRows, c0, contextRows[t], last + 1);
            }
        }
    }

    private long multiplyAddsPerSample() {
        return 4L * positions * width * width + 2L * positions * positions * width;
    }

    @Override
    public float[][] backward(float[][] gradOutput, boolean needInputGradient, Pass pass) {
        int batch = gradOutput.length;
        int size = inputSize();
        dq = RowArrays.ensure(dq, batch, size);
        dk = RowArrays.ensure(dk, batch, size);
        dv = RowArrays.ensure(dv, batch, size);
        dContext = RowArrays.ensure(dContext, batch, size);
        transpose(wo.value(), woTransposed);
        float[][] dqs = dq;
        float[][] dks = dk;
        float[][] dvs = dv;
        float[][] dcs = dContext;
        pass.team().forRange(batch, RowArrays.minRowsPerPart(multiplyAddsPerSample() * 2), (from, to) -> {
            float[] dScores = new float[positions];
            float[][] valuesTransposed = new float[width][positions];
            float[] row0 = new float[width];
            float[] row1 = new float[width];
            SampleRows rows = new SampleRows();
            for (int i = from; i < to; i++) {
                project(gradOutput[i], woTransposed, zeros, dcs[i], row0, row1);
                transposeSample(v[i], valuesTransposed);
                attendBack(i, dcs[i], dScores, valuesTransposed, rows);
                fromRows(rows.d, dqs[i]);
                fromRows(rows.e, dks[i]);
                fromRows(rows.f, dvs[i]);
            }
        });
        weightGradient(wo.gradient(), context, gradientRows(pass, gradOutput), pass);
        // Q, K and V share their input: one product with rows three times as long, then each gradient copied out.
        weightGradient(dWqkv, input, gradientRows(pass, dq, dk, dv), pass);
        // Eight independent pieces, each written by one thread as before (each bias gradient its own chain in sample,
        // then position order): one region instead of the caller alone, where they were most of the layer's
        // serial time.
        pass.team().forRange(8, 1, (from, to) -> {
            for (int piece = from; piece < to; piece++) {
                switch (piece) {
                    case 0 -> biasGradient(bo, gradOutput);
                    case 1 -> biasGradient(bq, dqs);
                    case 2 -> biasGradient(bk, dks);
                    case 3 -> biasGradient(bv, dvs);
                    case 4 -> {
                        for (int r = 0; r < width; r++) {
                            System.arraycopy(dWqkv[r], 0, wq.gradient()[r], 0, width);
                            System.arraycopy(dWqkv[r], width, wk.gradient()[r], 0, width);
                            System.arraycopy(dWqkv[r], 2 * width, wv.gradient()[r], 0, width);
                        }
                    }
                    case 5 -> transpose(wq.value(), wqTransposed);
                    case 6 -> transpose(wk.value(), wkTransposed);
                    default -> transpose(wv.value(), wvTransposed);
                }
            }
        });
        if (!needInputGradient) {
            return null;
        }
        gradInput = RowArrays.ensure(gradInput, batch, size);
        float[][] gi = gradInput;
        pass.team().forRange(batch, RowArrays.minRowsPerPart(3L * positions * width * width), (from, to) -> {
            float[] row0 = new float[width];
            float[] row1 = new float[width];
            for (int i = from; i < to; i++) {
                inputGradient(dqs[i], dks[i], dvs[i], gi[i], row0, row1);
            }
        });
        return gradInput;
    }

    /**
     * Per position t: {@code dx[t] = Σ_j dq[t][j]·Wqᵀ[j] + Σ_j dk[t][j]·Wkᵀ[j] + Σ_j dv[t][j]·Wvᵀ[j]}, one chain from
     * +0 through the query terms, then the key terms, then the value terms, each in ascending j; two positions a pass.
     */
    private void inputGradient(float[] dqs, float[] dks, float[] dvs, float[] dx, float[] row0, float[] row1) {
        int t = 0;
        for (; t + 1 < positions; t += 2) {
            int at = t * width;
            Arrays.fill(row0, 0f);
            Arrays.fill(row1, 0f);
            MatMul.accumulateDensePair(dqs, at, dqs, at + width, wqTransposed, row0, row1);
            MatMul.accumulateDensePair(dks, at, dks, at + width, wkTransposed, row0, row1);
            MatMul.accumulateDensePair(dvs, at, dvs, at + width, wvTransposed, row0, row1);
            System.arraycopy(row0, 0, dx, at, width);
            System.arraycopy(row1, 0, dx, at + width, width);
        }
        for (; t < positions; t++) {
            int at = t * width;
            Arrays.fill(row0, 0f);
            MatMul.accumulateDense(dqs, at, wqTransposed, row0);
            MatMul.accumulateDense(dks, at, wkTransposed, row0);
            MatMul.accumulateDense(dvs, at, wvTransposed, row0);
            System.arraycopy(row0, 0, dx, at, width);
        }
    }

    /**
     * From the context gradient dC: dP = dC·Vᵀ, dS = P ⊙ (dP − Σ P⊙dP) · scale per row, then dQ = dS·K,
     * dK = dSᵀ·Q and dV = Pᵀ·dC, each sum in ascending position order.
     */
    private void attendBack(int i, float[] dcs, float[] dScores, float[][] valuesTransposed, SampleRows rows) {
        float[] ps = probabilities[i];
        float[][] qRows = rows.a;
        float[][] kRows = rows.b;
        float[][] dcRows = rows.c;
        float[][] dqRows = rows.d;
        float[][] dkRows = rows.e;
        float[][] dvRows = rows.f;
        toRows(q[i], qRows);
        toRows(k[i], kRows);
        toRows(dcs, dcRows);
        rows.clear(dqRows);
        rows.clear(dkRows);
        rows.clear(dvRows);
        for (int h = 0; h < heads; h++) {
            int c0 = h * headWidth;
            for (int t = 0; t < positions; t++) {
                int last = causal ? t : positions - 1;
                int row = (h * positions + t) * positions;
                int ct = t * width + c0;
                double weighted = 0.0;
                laneDots(dcs, ct, valuesTransposed, c0, dScores, last + 1);
                for (int u = 0; u <= last; u++) {
                    weighted += (double) ps[row + u] * dScores[u];
                }
                float mean = (float) weighted;
                for (int u = 0; u <= last; u++) {
                    dScores[u] = ps[row + u] * (dScores[u] - mean) * scale;
                }
                // dQ[t] = Σ_u dS[t][u]·K[u]; dK[u] += dS[t][u]·Q[t]; dV[u] += P[t][u]·dC[t] — t ascends outside.
                weightedRows(dScores, 0, kRows, c0, dqRows[t], last + 1);
                float[] qt = qRows[t];
                float[] dct = dcRows[t];
                int end = c0 + headWidth;
                for (int u = 0; u <= last; u++) {
                    float ds = dScores[u];
                    float p = ps[row + u];
                    float[] dku = dkRows[u];
                    float[] dvu = dvRows[u];
                    for (int c = c0; c < end; c++) {
                        dku[c] = dku[c] + ds * qt[c];
                        dvu[c] = dvu[c] + p * dct[c];
                    }
                }
            }
        }
    }

    /**
     * {@code dW[r] = Σ_i Σ_t x[i][t][r]·g[i][t]}: samples then positions ascending, each element from +0; threads
     * split the rows r. Two rows share each pass over g (each row its own chain), four positions a pass; g's rows
     * are as long as dW's ({@code width}, or {@code 3·width} for Q, K and V side by side).
     */
    private void weightGradient(float[][] dW, float[][] x, float[][][] g, Pass pass) {
        int batch = g.length;
        int n = dW[0].length;
        pass.team().forRange(width, RowArrays.minRowsPerPart((long) batch * positions * n), (from, to) -> {
            int r = from;
            for (; r + 1 < to; r += 2) {
                float[] row0 = dW[r];
                float[] row1 = dW[r + 1];
                Arrays.fill(row0, 0f);
                Arrays.fill(row1, 0f);
                for (int i = 0; i < batch; i++) {
                    float[] xi = x[i];
                    float[][] gi = g[i];
                    int t = 0;
                    for (; t + 3 < positions; t += 4) {
                        int at0 = t * width + r;
                        int at1 = at0 + width;
                        int at2 = at1 + width;
                        int at3 = at2 + width;
                        MatMul.addFourPair(row0, row1, 0, n, xi[at0], xi[at1], xi[at2], xi[at3],
                                xi[at0 + 1], xi[at1 + 1], xi[at2 + 1], xi[at3 + 1], gi[t], gi[t + 1], gi[t + 2], gi[t + 3]);
                    }
                    for (; t < positions; t++) {
                        int at = t * width + r;
                        oneTerm(row0, xi[at], gi[t]);
                        oneTerm(row1, xi[at + 1], gi[t]);
                    }
                }
            }
            for (; r < to; r++) {
                float[] row = dW[r];
                Arrays.fill(row, 0f);
                for (int i = 0; i < batch; i++) {
                    float[] xi = x[i];
                    float[][] gi = g[i];
                    for (int t = 0; t < positions; t++) {
                        oneTerm(row, xi[t * width + r], gi[t]);
                    }
                }
            }
        });
    }

    private static void oneTerm(float[] row, float a, float[] g) {
        for (int j = 0; j < row.length; j++) {
            row[j] = row[j] + a * g[j];
        }
    }

    /**
     * The gradients as one row per sample and position (a copy), {@code flats} side by side in each row, so the
     * weight gradient's loops share one index.
     */
    private float[][][] gradientRows(Pass pass, float[][]... flats) {
        int batch = flats[0].length;
        int n = flats.length * width;
        float[][][] rows = flats.length == 1 ? gradientRows : gradientRowsQkv;
        if (rows == null || rows.length != batch) {
            rows = new float[batch][positions][n];
            if (flats.length == 1) {
                gradientRows = rows;
            } else {
                gradientRowsQkv = rows;
            }
        }
        float[][][] into = rows;
        pass.team().forRange(batch, (from, to) -> {
            for (int i = from; i < to; i++) {
                for (int t = 0; t < positions; t++) {
                    for (int f = 0; f < flats.length; f++) {
                        System.arraycopy(flats[f][i], t * width, into[i][t], f * width, width);
                    }
                }
            }
        });
        return into;
    }

    private void biasGradient(Parameter bias, float[][] g) {
        float[] db = bias.gradient()[0];
        Arrays.fill(db, 0f);
        for (float[] row : g) {
            for (int t = 0; t < positions; t++) {
                int at = t * width;
                for (int j = 0; j < width; j++) {
                    db[j] = db[j] + row[at + j];
                }
            }
        }
    }

    private static void transpose(float[][] w, float[][] into) {
        for (int r = 0; r < w.length; r++) {
            for (int c = 0; c < w[r].length; c++) {
                into[c][r] = w[r][c];
            }
        }
    }
}
