package org.pouw.stark.field;

/**
 * A column of F_p² elements stored as two base-field arrays: element i is c0[i] + c1[i]·u. Split storage lets every
 * base-field transform (NTT, LDE) run on an extension column as two independent base columns, since the twiddles
 * are in the base field.
 */
public record Fp2Vector(long[] c0, long[] c1) {
    public Fp2Vector {
        if (c0.length != c1.length) {
            throw new IllegalArgumentException("component lengths differ: " + c0.length + " vs " + c1.length);
        }
    }

    public static Fp2Vector zeros(int length) {
        return new Fp2Vector(new long[length], new long[length]);
    }

    public int length() {
        return c0.length;
    }

    public Fp2 get(int i) {
        return new Fp2(c0[i], c1[i]);
    }

    public void set(int i, Fp2 value) {
        c0[i] = value.c0();
        c1[i] = value.c1();
    }
}
