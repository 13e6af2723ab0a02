package org.pouw.stark.merkle;

import org.pouw.stark.field.Fp2;
import org.pouw.stark.field.Fp2Vector;
import org.pouw.stark.hash.Blake3Words;

/**
 * How a row of a committed table becomes a Merkle leaf: BLAKE3 of its field elements as u64le words, an F_p²
 * element contributing (c0, c1). A FRI layer's leaf is the coset of f values {t' + k·M/f} in order of k. Prover
 * (hashing whole tables) and verifier (hashing opened rows) go through this one class, so they cannot drift apart.
 */
public final class TableLeaves {
    private TableLeaves() {
    }

    /** Leaf t = (columns[0][t], …, columns[w−1][t]). */
    public static LeafHasher baseRows(long[][] columns) {
        int width = columns.length;
        return (index, hasher, out, offset) -> {
            long[] row = hasher.rowBuffer(width);
            for (int c = 0; c < width; c++) {
                row[c] = columns[c][index];
            }
            hasher.hashLongs(row, 0, width, out, offset);
        };
    }

    /** Leaf t = (columns[0][t], …) with each F_p² element as (c0, c1). */
    public static LeafHasher extRows(Fp2Vector[] columns) {
        int width = columns.length;
        return (index, hasher, out, offset) -> {
            long[] row = hasher.rowBuffer(2 * width);
            for (int c = 0; c < width; c++) {
                row[2 * c] = columns[c].c0()[index];
                row[2 * c + 1] = columns[c].c1()[index];
            }
            hasher.hashLongs(row, 0, 2 * width, out, offset);
        };
    }

    /** Leaf t' of a FRI layer of size M folded by f: the values at t' + k·M/f for k = 0..f−1. */
    public static LeafHasher cosets(Fp2Vector layer, int factor) {
        int stride = layer.length() / factor;
        return (index, hasher, out, offset) -> {
            long[] row = hasher.rowBuffer(2 * factor);
            for (int k = 0; k < factor; k++) {
                row[2 * k] = layer.c0()[index + k * stride];
                row[2 * k + 1] = layer.c1()[index + k * stride];
            }
            hasher.hashLongs(row, 0, 2 * factor, out, offset);
        };
    }

    /** The digests of opened base rows, 8 words each. */
    public static int[] digestBaseRows(long[][] rows) {
        Blake3Words hasher = new Blake3Words();
        int[] out = new int[8 * rows.length];
        for (int i = 0; i < rows.length; i++) {
            hasher.hashLongs(rows[i], 0, rows[i].length, out, 8 * i);
        }
        return out;
    }

    /** The digests of opened F_p² rows (or cosets), 8 words each. */
    public static int[] digestExtRows(Fp2[][] rows) {
        Blake3Words hasher = new Blake3Words();
        int[] out = new int[8 * rows.length];
        for (int i = 0; i < rows.length; i++) {
            long[] flat = new long[2 * rows[i].length];
            for (int j = 0; j < rows[i].length; j++) {
                flat[2 * j] = rows[i][j].c0();
                flat[2 * j + 1] = rows[i][j].c1();
            }
            hasher.hashLongs(flat, 0, flat.length, out, 8 * i);
        }
        return out;
    }
}
