package org.pouw.chain.difficulty;

import java.math.BigInteger;

/**
 * Absolutely scheduled exponentially rising targets, integer form "aserti3-2d" (Bitcoin Cash, 2020): the target
 * doubles for every half-life the chain runs behind its ideal schedule from the anchor and halves for every half-life
 * it runs ahead, {@code target = anchor target · 2^((Δtime − spacing · (Δheight + 1)) / halfLife)}.
 *
 * <p>Every step is integer arithmetic, so all nodes agree to the bit: the exponent is a 16.16 fixed-point number from
 * a truncating division, its fractional part goes through the specification's cubic approximation of {@code 2^x}
 * on [0, 1), and its integer part is a shift. The published aserti3-2d vectors pass with the Bitcoin Cash constants
 * (600 s spacing, two-day half-life); this chain uses its own ({@link #forSpacing}).
 */
public final class Asert {
    private static final int RADIX_BITS = 16;
    private static final long RADIX = 1L << RADIX_BITS;
    /** Coefficients of the cubic for {@code 2^x − 1} on [0, 1), scaled by 2^48, from the aserti3-2d specification. */
    private static final long C1 = 195_766_423_245_049L;
    private static final long C2 = 971_821_376L;
    private static final long C3 = 5_127L;
    private static final long ROUNDING = 1L << 47;
    /** Beyond these shifts the target is certainly clamped, so larger ones need not be computed. */
    private static final long MAX_USEFUL_SHIFT = 512;

    private final long spacing;
    private final long halfLife;
    private final int maxBits;
    private final BigInteger maxTarget;

    private Asert(long spacing, long halfLife, int maxBits) {
        if (spacing <= 0) {
            throw new IllegalArgumentException("block spacing must be > 0, got " + spacing);
        }
        if (halfLife <= 0) {
            throw new IllegalArgumentException("half-life must be > 0, got " + halfLife);
        }
        this.spacing = spacing;
        this.halfLife = halfLife;
        this.maxBits = maxBits;
        this.maxTarget = CompactTarget.decode(maxBits);
    }

    /**
     * The rule for a chain with blocks every {@code spacing} time units, a {@code halfLife} in the same units, and the
     * easiest target {@code maxBits}.
     */
    public static Asert forSpacing(long spacing, long halfLife, int maxBits) {
        return new Asert(spacing, halfLife, maxBits);
    }

    /**
     * The compact target of the block after the one at {@code height} whose timestamp is {@code time}, computed from
     * {@code anchor}. Times are in the units of the spacing; the anchor must not be above {@code height}.
     */
    public int nextBits(AsertAnchor anchor, long height, long time) {
        if (height < anchor.height()) {
            throw new IllegalArgumentException("height " + height + " is below the anchor's " + anchor.height());
        }
        BigInteger heightDelta = BigInteger.valueOf(height).subtract(BigInteger.valueOf(anchor.height()));
        BigInteger timeDelta = BigInteger.valueOf(time).subtract(BigInteger.valueOf(anchor.parentTime()));
        BigInteger behind = timeDelta.subtract(BigInteger.valueOf(spacing).multiply(heightDelta.add(BigInteger.ONE)));
        // BigInteger.divide truncates toward zero, as the specification's integer division does.
        BigInteger exponent = behind.shiftLeft(RADIX_BITS).divide(BigInteger.valueOf(halfLife));
        BigInteger shifts = exponent.shiftRight(RADIX_BITS);          // floor, also for negative exponents
        long fraction = exponent.subtract(shifts.shiftLeft(RADIX_BITS)).longValueExact();
        if (shifts.compareTo(BigInteger.valueOf(MAX_USEFUL_SHIFT)) > 0) {
            return maxBits;
        }
        if (shifts.compareTo(BigInteger.valueOf(-MAX_USEFUL_SHIFT)) < 0) {
            return CompactTarget.encode(BigInteger.ONE);
        }
        BigInteger target = CompactTarget.decode(anchor.bits()).multiply(BigInteger.valueOf(factor(fraction)));
        int shift = shifts.intValueExact();
        target = (shift < 0 ? target.shiftRight(-shift) : target.shiftLeft(shift)).shiftRight(RADIX_BITS);
        if (target.signum() == 0) {
            return CompactTarget.encode(BigInteger.ONE);
        }
        return target.compareTo(maxTarget) > 0 ? maxBits : CompactTarget.encode(target);
    }

    /**
     * {@code 2^(fraction / 65536)} in 16.16 fixed point. The sum of the three terms needs all 64 bits of an unsigned
     * word (it reaches 1.8446·10^19 at fraction 65535), so it is added with wrap-around and read unsigned.
     */
    static long factor(long fraction) {
        long f = fraction;
        long sum = C1 * f + C2 * f * f + C3 * f * f * f + ROUNDING;
        return (sum >>> 48) + RADIX;
    }
}
