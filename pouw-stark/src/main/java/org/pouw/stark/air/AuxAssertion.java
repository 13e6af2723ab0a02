package org.pouw.stark.air;

import org.pouw.stark.field.Ext;

/** A boundary constraint on the auxiliary segment: aux column {@code column} holds {@code value} at {@code row}. */
public record AuxAssertion(int column, int row, Ext value) {
    public AuxAssertion {
        if (column < 0 || row < 0) {
            throw new IllegalArgumentException("assertion column and row must be non-negative");
        }
    }
}
