package org.pouw.ml.train;

/**
 * What a watched row update ({@link OptimizerSpec#watchedForStep}) saw of one row, tallied inside the update's own
 * loop — one loop per row, not a pass before and after it (each extra pass over a short row costs its loop's set-up
 * as much as its words). The per-word tests are branch-free integer arithmetic on a word's magnitude
 * {@code m = bits & 0x7fffffff}, so the loop stays vectorisable: {@code m > 0x7f7fffff} is ±∞ or NaN,
 * {@code m > 0x7f800000} NaN, {@code m < 0x00800000} zero or subnormal, {@code m == 0} ±0. They read the words as the
 * state's canonical encoding does (every NaN one NaN): raw NaN payloads may differ between compiled forms of one
 * update, so a word NaN before and after counts as unchanged.
 */
final class WordTally {
    int gradientZeros;
    int changed;
    int subnormal;
    /** Negative when a slot word before the update, or a weight or slot word after it, is ±∞ or NaN. */
    int nonFinite;

    /** The row's tallies, set by the update at the end of its loop. */
    void set(int zeros, int changedWords, int subnormalWords, int nonFiniteWords) {
        gradientZeros = zeros;
        changed = changedWords;
        subnormal = subnormalWords;
        nonFinite = nonFiniteWords;
    }

    /** 1 when {@code x} is ±0. */
    static int zero(float x) {
        return ((Float.floatToRawIntBits(x) & 0x7fffffff) - 1) >>> 31;
    }

    /** 1 when {@code x} is subnormal (not ±0). */
    static int subnormal(float x) {
        int m = Float.floatToRawIntBits(x) & 0x7fffffff;
        return ((m - 0x00800000) >>> 31) - ((m - 1) >>> 31);
    }

    /** Negative when {@code x} is ±∞ or NaN. */
    static int nonFinite(float x) {
        return 0x7f7fffff - (Float.floatToRawIntBits(x) & 0x7fffffff);
    }

    /** 1 when the canonical bits of {@code before} and {@code after} differ (two NaNs are one NaN). */
    static int changed(float before, float after) {
        int a = Float.floatToRawIntBits(before);
        int b = Float.floatToRawIntBits(after);
        int bothNaN = ((0x7f800000 - (a & 0x7fffffff)) & (0x7f800000 - (b & 0x7fffffff))) >>> 31;
        int x = a ^ b;
        return ((x | -x) >>> 31) & (bothNaN ^ 1);
    }
}
