package org.pouw.stark.air;

import org.pouw.crypto.Goldilocks;

/** A boundary constraint: main-trace column {@code column} holds {@code value} at row {@code row}. */
public record Assertion(int column, int row, long value) {
    public Assertion {
        if (column < 0 || row < 0) {
            throw new IllegalArgumentException("assertion column and row must be non-negative");
        }
        if (!Goldilocks.isCanonical(value)) {
            throw new IllegalArgumentException("assertion value must be a canonical field element");
        }
    }
}
