package org.pouw.stark.air.hashchain;

import org.pouw.crypto.Goldilocks;

/** Gauss–Jordan elimination over the Goldilocks field, for deriving the Rescue-Prime MDS matrix and its inverse. */
final class GaussJordan {
    private GaussJordan() {
    }

    /** The reduced row echelon form of a matrix (rows × columns), as Sage's {@code echelon_form()} returns it. */
    static long[][] reducedRowEchelon(long[][] matrix) {
        int rows = matrix.length;
        int columns = matrix[0].length;
        long[][] m = new long[rows][];
        for (int r = 0; r < rows; r++) {
            m[r] = matrix[r].clone();
        }
        int pivotRow = 0;
        for (int col = 0; col < columns && pivotRow < rows; col++) {
            int found = -1;
            for (int r = pivotRow; r < rows; r++) {
                if (m[r][col] != 0) {
                    found = r;
                    break;
                }
            }
            if (found < 0) {
                continue;
            }
            long[] swap = m[found];
            m[found] = m[pivotRow];
            m[pivotRow] = swap;
            long inverse = Goldilocks.inverse(m[pivotRow][col]);
            for (int c = 0; c < columns; c++) {
                m[pivotRow][c] = Goldilocks.mul(m[pivotRow][c], inverse);
            }
            for (int r = 0; r < rows; r++) {
                if (r != pivotRow && m[r][col] != 0) {
                    long factor = m[r][col];
                    for (int c = 0; c < columns; c++) {
                        m[r][c] = Goldilocks.sub(m[r][c], Goldilocks.mul(factor, m[pivotRow][c]));
                    }
                }
            }
            pivotRow++;
        }
        return m;
    }

    /** The inverse of a square matrix; throws ArithmeticException when it is singular. */
    static long[][] inverse(long[][] matrix) {
        int size = matrix.length;
        long[][] augmented = new long[size][2 * size];
        for (int r = 0; r < size; r++) {
            System.arraycopy(matrix[r], 0, augmented[r], 0, size);
            augmented[r][size + r] = 1;
        }
        long[][] reduced = reducedRowEchelon(augmented);
        long[][] out = new long[size][size];
        for (int r = 0; r < size; r++) {
            if (reduced[r][r] != 1) {
                throw new ArithmeticException("matrix is singular");
            }
            System.arraycopy(reduced[r], size, out[r], 0, size);
        }
        return out;
    }
}
