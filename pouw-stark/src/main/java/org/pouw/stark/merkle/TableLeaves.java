package org.pouw.stark.merkle;

import org.pouw.crypto.Blake3Words;
import org.pouw.stark.field.Ext;
import org.pouw.stark.field.ExtVector;

/**
 * How a row of a committed table becomes a Merkle leaf: BLAKE3 of its field elements as u64le words, an extension
 * element contributing its coefficients (c0, c1[, c2]). A FRI layer's leaf is the coset of f values {t' + k·M/f} in order of k. Prover
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

    /** Leaf t = (columns[0][t], …) with each extension element as its d coefficients. */
    public static LeafHasher extRows(ExtVector[] columns) {
        int width = columns.length;
        int degree = width == 0 ? 0 : columns[0].degree();
        return (index, hasher, out, offset) -> {
            long[] row = hasher.rowBuffer(degree * width);
            for (int c = 0; c < width; c++) {
                for (int k = 0; k < degree; k++) {
                    row[degree * c + k] = columns[c].part(k)[index];
                }
            }
            hasher.hashLongs(row, 0, degree * width, out, offset);
        };
    }

    /** Leaf t' of a FRI layer of size M folded by f: the values at t' + k·M/f for k = 0..f−1. */
    public static LeafHasher cosets(ExtVector layer, int factor) {
        int stride = layer.length() / factor;
        int degree = layer.degree();
        return (index, hasher, out, offset) -> {
            long[] row = hasher.rowBuffer(degree * factor);
            for (int k = 0; k < factor; k++) {
                for (int part = 0; part < degree; part++) {
                    row[degree * k + part] = layer.part(part)[index + k * stride];
                }
            }
            hasher.hashLongs(row, 0, degree * factor, out, offset);
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

    /** The digests of opened extension rows (or cosets), 8 words each. */
    public static int[] digestExtRows(Ext[][] rows) {
        Blake3Words hasher = new Blake3Words();
        int[] out = new int[8 * rows.length];
        for (int i = 0; i < rows.length; i++) {
            int degree = rows[i].length == 0 ? 0 : rows[i][0].field().degree();
            long[] flat = new long[degree * rows[i].length];
            for (int j = 0; j < rows[i].length; j++) {
                for (int k = 0; k < degree; k++) {
                    flat[degree * j + k] = rows[i][j].coefficient(k);
                }
            }
            hasher.hashLongs(flat, 0, flat.length, out, 8 * i);
        }
        return out;
    }
}
