package org.pouw.stark.field;

/**
 * A column of extension-field elements stored as one base-field array per coefficient: element i is
 * Σ_k parts[k][i]·u^k. Split storage lets every base-field transform (NTT, LDE) run on an extension column as
 * independent base columns, since the twiddles are in the base field. The number of parts is the degree.
 */
public record ExtVector(long[][] parts) {
    public ExtVector {
        ExtensionField.ofDegree(parts.length);
        for (long[] part : parts) {
            if (part.length != parts[0].length) {
                throw new IllegalArgumentException("component lengths differ: " + part.length + " vs "
                        + parts[0].length);
            }
        }
    }

    public static ExtVector zeros(ExtensionField field, int length) {
        return new ExtVector(new long[field.degree()][length]);
    }

    public ExtensionField field() {
        return ExtensionField.ofDegree(parts.length);
    }

    public int degree() {
        return parts.length;
    }

    public long[] part(int k) {
        return parts[k];
    }

    public int length() {
        return parts[0].length;
    }

    public Ext get(int i) {
        long[] coefficients = new long[parts.length];
        for (int k = 0; k < parts.length; k++) {
            coefficients[k] = parts[k][i];
        }
        return field().element(coefficients);
    }

    /** Element i's coefficients into out[0..degree). */
    public void get(int i, long[] out) {
        for (int k = 0; k < parts.length; k++) {
            out[k] = parts[k][i];
        }
    }

    public void set(int i, Ext value) {
        for (int k = 0; k < parts.length; k++) {
            parts[k][i] = value.coefficient(k);
        }
    }

    public void set(int i, long[] coefficients) {
        for (int k = 0; k < parts.length; k++) {
            parts[k][i] = coefficients[k];
        }
    }
}
