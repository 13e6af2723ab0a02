package org.pouw.stark.air.hashchain;

import static org.pouw.crypto.Goldilocks.add;
import static org.pouw.crypto.Goldilocks.mul;

import java.util.Arrays;
import org.pouw.crypto.Goldilocks;
import org.pouw.stark.field.DotProduct;

/**
 * The Rescue-Prime permutation and sponge hash (ePrint 2020/1143, Algorithm 1 and §2.5) for one
 * {@link RescuePrimeParameters} instance; the plain reference the hash-chain AIR is checked against.
 *
 * <p>Round i: x ↦ x^α on every element, multiply by MDS, add the first-half constants; then x ↦ x^{1/α}, multiply by
 * MDS, add the second-half constants. The sponge absorbs into state[0, rate) by addition, pads the input with a 1
 * and then zeros to a multiple of the rate (the reference's 10* padding), and the digest is state[0, capacity) after
 * the last permutation (4 elements, 256 bits, for Rp64_256).
 *
 * <p>Instances keep scratch space and are not thread-safe.
 */
public final class RescuePrime {
    private final RescuePrimeParameters parameters;
    private final int width;
    private final long[][] mds;
    private final long[] scratch;
    private final long[][] chain;

    public RescuePrime(RescuePrimeParameters parameters) {
        this.parameters = parameters;
        this.width = parameters.width();
        this.mds = parameters.mds();
        this.scratch = new long[width];
        this.chain = new long[4][width];
    }

    public RescuePrimeParameters parameters() {
        return parameters;
    }

    /** Applies the full permutation to {@code state} (length = width) in place. */
    public void permute(long[] state) {
        for (int round = 0; round < parameters.rounds(); round++) {
            applyRound(state, round);
        }
    }

    /** Applies round {@code round} (0-based) to {@code state} in place. */
    public void applyRound(long[] state, int round) {
        for (int j = 0; j < width; j++) {
            state[j] = power7(state[j]);
        }
        multiplyByMds(state);
        for (int j = 0; j < width; j++) {
            state[j] = add(state[j], parameters.firstHalfConstant(round, j));
        }
        inverseSbox(state);
        multiplyByMds(state);
        for (int j = 0; j < width; j++) {
            state[j] = add(state[j], parameters.secondHalfConstant(round, j));
        }
    }

    /** The sponge hash of a sequence of field elements; returns the capacity-many first state elements. */
    public long[] hash(long[] input) {
        int rate = parameters.rate();
        int paddedLength = (input.length / rate + 1) * rate;
        long[] padded = Arrays.copyOf(input, paddedLength);
        padded[input.length] = 1;
        long[] state = new long[width];
        for (int offset = 0; offset < paddedLength; offset += rate) {
            for (int j = 0; j < rate; j++) {
                state[j] = add(state[j], padded[offset + j]);
            }
            permute(state);
        }
        return Arrays.copyOf(state, parameters.capacity());
    }

    static long power7(long x) {
        long x2 = mul(x, x);
        long x3 = mul(x2, x);
        long x4 = mul(x2, x2);
        return mul(x4, x3);
    }

    private void multiplyByMds(long[] state) {
        for (int i = 0; i < width; i++) {
            scratch[i] = DotProduct.dot(mds[i], state);
        }
        System.arraycopy(scratch, 0, state, 0, width);
    }

    /**
     * x ↦ x^{1/7} on every element: 1/7 mod (p − 1) = 10540996611094048183, in octal 1111111111 0 66666666667, i.e.
     * B_10·8^12 + 6·B_11 + 1 with B_k = Σ_{i&lt;k} 8^i = 0o11…1 (k ones). The chain builds B_2, B_4, B_8, B_10, B_11
     * by B_{a+b} = B_a^{8^b}·B_b and finishes with B_10^{2^36}·B_11^6·x: 68 squarings and 8 multiplications, run
     * element-interleaved so the independent products overlap in the pipeline.
     */
    void inverseSbox(long[] state) {
        long[] b2 = chain[0];
        long[] b4 = chain[1];
        long[] b10 = chain[2];
        long[] acc = chain[3];
        for (int j = 0; j < width; j++) {
            b2[j] = mul(squareTimes(state[j], 3), state[j]);
        }
        for (int j = 0; j < width; j++) {
            b4[j] = mul(squareTimes(b2[j], 6), b2[j]);
        }
        for (int j = 0; j < width; j++) {
            long b8 = mul(squareTimes(b4[j], 12), b4[j]);
            b10[j] = mul(squareTimes(b8, 6), b2[j]);
        }
        for (int j = 0; j < width; j++) {
            long b11 = mul(squareTimes(b10[j], 3), state[j]);
            long b11Squared = mul(b11, b11);
            long sixB11 = mul(b11Squared, mul(b11Squared, b11Squared));
            acc[j] = mul(mul(squareTimes(b10[j], 36), sixB11), state[j]);
        }
        System.arraycopy(acc, 0, state, 0, width);
    }

    private static long squareTimes(long x, int times) {
        long y = x;
        for (int i = 0; i < times; i++) {
            y = mul(y, y);
        }
        return y;
    }

    /** Reference value for tests: x^{1/7} by plain exponentiation. */
    static long inverseSboxByPow(long x, RescuePrimeParameters parameters) {
        return Goldilocks.pow(x, parameters.alphaInverse());
    }
}
