package org.pouw.ml.tensor;

/**
 * Stateless pseudo-random bits from integer keys (the SplitMix64 finaliser), for weight initialisation and dropout
 * masks: a value depends only on its key, never on the order values are drawn, so any thread may draw any element.
 * Integer arithmetic only, hence identical on every JVM.
 */
public final class Mix64 {
    private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;

    private Mix64() {
    }

    public static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** A key derived from a parent key and an index; distinct indices give unrelated keys. */
    public static long derive(long key, long index) {
        return mix(key + GOLDEN_GAMMA * (index + 1));
    }

    /** A float uniform on [0, 1) from the top 24 bits, exact (no rounding is involved). */
    public static float unitFloat(long bits) {
        return (bits >>> 40) * 0x1.0p-24f;
    }
}
