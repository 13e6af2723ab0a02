package org.pouw.chain.mining;

import org.pouw.ml.model.SelfAttentionLayer;

/**
 * The products of one sample through pouw-ml's {@link SelfAttentionLayer} whose both operands are non-zero
 * (docs/chain.md §3.2, "attention"), term by term as the layer computes them. With P positions, width W, H heads of
 * d = W / H channels, row t of the queries live (every t, or t = P − 1 alone when only the last position is read
 * after the layer, {@link LivePositions}) and u ≤ last(t) the positions row t attends to (u ≤ t when causal, every u
 * otherwise):
 * <ul>
 *   <li>key and value projections, every t: {@code Σ_t Σ_r [x[t][r] ≠ 0]·(nz(Wk[r]) + nz(Wv[r]))};</li>
 *   <li>query projection, live t: {@code Σ_t Σ_r [x[t][r] ≠ 0]·nz(Wq[r])};</li>
 *   <li>scores {@code q[t]·k[u]} per head, live t, u ≤ last(t): {@code Σ_t Σ_col [q[t][col] ≠ 0]·#{u ≤ last(t) :
 *       k[u][col] ≠ 0}} (a running count of the keys' non-zero entries per column makes it one pass);</li>
 *   <li>context {@code Σ_u p[h][t][u]·v[u][head h]}, live t: {@code Σ_h Σ_t Σ_{u ≤ last(t)} [p[h][t][u] ≠ 0]·
 *       #{c : v[u][h·d + c] ≠ 0}} — a probability that rounded to zero multiplies nothing;</li>
 *   <li>output projection, live t: {@code Σ_t Σ_r [ctx[t][r] ≠ 0]·nz(Wo[r])}.</li>
 * </ul>
 * The scale of the scores and the softmax's {@code exp} are one operation per score with no weight to meet; they
 * are bounded by admission's {@code StrictMath} cap, as other element-wise work is, not priced. The sum never
 * exceeds pouw-ml's per-record bound {@code 4PW² + 2P²W}, which admission holds to C_mac (§3.4).
 */
final class AttentionProducts {
    private AttentionProducts() {
    }

    /** The three input projections' products for one sample's input {@code x}. */
    static long projections(SelfAttentionLayer layer, float[] x, boolean lastOnly, int[] nzQ, int[] nzK, int[] nzV) {
        int positions = layer.positions();
        int width = layer.width();
        long sum = 0;
        for (int t = 0; t < positions; t++) {
            boolean liveQuery = !lastOnly || t == positions - 1;
            int at = t * width;
            long part = 0;
            for (int r = 0; r < width; r++) {
                if (nonZero(x[at + r])) {
                    part += nzK[r] + nzV[r] + (liveQuery ? nzQ[r] : 0);
                }
            }
            sum += part;
        }
        return sum;
    }

    /** Scores, context and output projection of sample {@code i} of the layer's last forward pass. */
    static long interior(SelfAttentionLayer layer, int i, boolean lastOnly, int[] nzO) {
        int positions = layer.positions();
        int width = layer.width();
        int heads = layer.heads();
        int headWidth = width / heads;
        boolean causal = layer.causal();
        float[] q = layer.lastQueries()[i];
        float[] k = layer.lastKeys()[i];
        float[] v = layer.lastValues()[i];
        float[] p = layer.lastProbabilities()[i];
        float[] context = layer.lastContexts()[i];
        int first = lastOnly ? positions - 1 : 0;

        long sum = 0;
        int[] keysSoFar = new int[width];
        if (!causal) {
            for (int u = 0; u < positions; u++) {
                countNonZero(k, u * width, keysSoFar);
            }
        }
        for (int t = 0; t < positions; t++) {
            if (causal) {
                countNonZero(k, t * width, keysSoFar);
            }
            if (t >= first) {
                int at = t * width;
                for (int col = 0; col < width; col++) {
                    sum += nonZero(q[at + col]) ? keysSoFar[col] : 0;
                }
            }
        }

        int[] valuesPerHead = new int[positions * heads];
        for (int u = 0; u < positions; u++) {
            for (int h = 0; h < heads; h++) {
                int from = u * width + h * headWidth;
                int count = 0;
                for (int c = 0; c < headWidth; c++) {
                    count += nonZero(v[from + c]) ? 1 : 0;
                }
                valuesPerHead[u * heads + h] = count;
            }
        }
        for (int h = 0; h < heads; h++) {
            for (int t = first; t < positions; t++) {
                int last = causal ? t : positions - 1;
                int row = (h * positions + t) * positions;
                for (int u = 0; u <= last; u++) {
                    sum += nonZero(p[row + u]) ? valuesPerHead[u * heads + h] : 0;
                }
            }
        }

        for (int t = first; t < positions; t++) {
            int at = t * width;
            for (int r = 0; r < width; r++) {
                sum += nonZero(context[at + r]) ? nzO[r] : 0;
            }
        }
        return sum;
    }

    private static void countNonZero(float[] row, int from, int[] counts) {
        for (int col = 0; col < counts.length; col++) {
            counts[col] += nonZero(row[from + col]) ? 1 : 0;
        }
    }

    /** As the rest of the count: ±0 is zero, anything else (NaN included) is not. */
    private static boolean nonZero(float value) {
        return (Float.floatToRawIntBits(value) & 0x7fffffff) != 0;
    }
}
