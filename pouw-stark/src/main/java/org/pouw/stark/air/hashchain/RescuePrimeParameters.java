package org.pouw.stark.air.hashchain;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import org.bouncycastle.crypto.digests.SHAKEDigest;
import org.pouw.crypto.Goldilocks;

/**
 * An instance of the Rescue-Prime permutation (Szepieniec, Ashur, Dhooghe, "Rescue-Prime: a Standard Specification
 * (SoK)", IACR ePrint 2020/1143) over the Goldilocks field, with its constants derived exactly as the paper's
 * reference implementation does:
 * <ul>
 *   <li>α is the smallest integer ≥ 3 coprime to p − 1 (7 for Goldilocks), α^−1 its inverse mod p − 1;</li>
 *   <li>MDS: with g the smallest primitive element from 2 upwards, take the m × 2m Vandermonde matrix
 *       V[i][j] = g^{i·j}, bring it to reduced row echelon form [I | A] and use Aᵀ;</li>
 *   <li>round constants: SHAKE256 of the ASCII string {@code "Rescue-XLIX(p,m,capacity,security_level)"} (decimal
 *       numbers), cut into 2·m·N chunks of ⌈log2(p)/8⌉ + 1 = 9 bytes, each read as a little-endian integer mod p;
 *       round i uses chunks 2mi … 2mi + m − 1 after its first half and 2mi + m … 2mi + 2m − 1 after its second.</li>
 * </ul>
 * {@link #RP64_256} uses the parameters of Rp64_256 (width 12, capacity 4, 7 rounds, 128-bit security level) as
 * chosen by Winterfell and Polygon Miden for this field; its constants are the paper's, so its outputs differ from
 * Winterfell's Rp64_256, whose MDS matrix and constants were chosen differently.
 */
public final class RescuePrimeParameters {
    public static final int ALPHA = 7;
    /** Width 12, capacity 4 (rate 8), 7 rounds, 128-bit security level. */
    public static final RescuePrimeParameters RP64_256 = derive(12, 4, 128, 7);

    private final int width;
    private final int capacity;
    private final int securityLevel;
    private final int rounds;
    private final long alphaInverse;
    private final long[][] mds;
    private final long[][] mdsInverse;
    private final long[] roundConstants;

    private RescuePrimeParameters(int width, int capacity, int securityLevel, int rounds, long alphaInverse,
            long[][] mds, long[] roundConstants) {
        this.width = width;
        this.capacity = capacity;
        this.securityLevel = securityLevel;
        this.rounds = rounds;
        this.alphaInverse = alphaInverse;
        this.mds = mds;
        this.mdsInverse = GaussJordan.inverse(mds);
        this.roundConstants = roundConstants;
    }

    /** Derives the constants of the instance (p = Goldilocks, width m, capacity, security level, rounds N). */
    public static RescuePrimeParameters derive(int width, int capacity, int securityLevel, int rounds) {
        BigInteger p = new BigInteger(Long.toUnsignedString(Goldilocks.P));
        BigInteger pMinusOne = p.subtract(BigInteger.ONE);
        int alpha = 3;
        while (!BigInteger.valueOf(alpha).gcd(pMinusOne).equals(BigInteger.ONE)) {
            alpha++;
        }
        if (alpha != ALPHA) {
            throw new IllegalStateException("the smallest exponent coprime to p − 1 is " + alpha + ", not 7");
        }
        long alphaInverse = BigInteger.valueOf(ALPHA).modInverse(pMinusOne).longValue();
        return new RescuePrimeParameters(width, capacity, securityLevel, rounds, alphaInverse, mds(width),
                roundConstants(p, width, capacity, securityLevel, rounds));
    }

    private static long[][] mds(int width) {
        long g = 2;
        while (!isPrimitive(g)) {
            g++;
        }
        long[][] vandermonde = new long[width][2 * width];
        for (int i = 0; i < width; i++) {
            for (int j = 0; j < 2 * width; j++) {
                vandermonde[i][j] = Goldilocks.pow(g, (long) i * j);
            }
        }
        long[][] echelon = GaussJordan.reducedRowEchelon(vandermonde);
        long[][] out = new long[width][width];
        for (int i = 0; i < width; i++) {
            for (int j = 0; j < width; j++) {
                out[i][j] = echelon[j][width + i];
            }
        }
        return out;
    }

    private static boolean isPrimitive(long g) {
        long[] primeFactorsOfPMinusOne = {2, 3, 5, 17, 257, 65537};
        for (long q : primeFactorsOfPMinusOne) {
            if (Goldilocks.pow(g, Long.divideUnsigned(Goldilocks.P - 1, q)) == 1) {
                return false;
            }
        }
        return true;
    }

    private static long[] roundConstants(BigInteger p, int width, int capacity, int securityLevel, int rounds) {
        int bytesPerInt = (p.bitLength() + 7) / 8 + 1;
        int count = 2 * width * rounds;
        String seed = "Rescue-XLIX(" + p + "," + width + "," + capacity + "," + securityLevel + ")";
        byte[] seedBytes = seed.getBytes(StandardCharsets.US_ASCII);
        SHAKEDigest shake = new SHAKEDigest(256);
        shake.update(seedBytes, 0, seedBytes.length);
        byte[] stream = new byte[bytesPerInt * count];
        shake.doFinal(stream, 0, stream.length);
        long[] out = new long[count];
        for (int i = 0; i < count; i++) {
            BigInteger value = BigInteger.ZERO;
            for (int j = bytesPerInt - 1; j >= 0; j--) {
                value = value.shiftLeft(8).add(BigInteger.valueOf(stream[i * bytesPerInt + j] & 0xFF));
            }
            out[i] = value.mod(p).longValue();
        }
        return out;
    }

    public int width() {
        return width;
    }

    public int capacity() {
        return capacity;
    }

    public int rate() {
        return width - capacity;
    }

    public int securityLevel() {
        return securityLevel;
    }

    public int rounds() {
        return rounds;
    }

    /** α^−1 mod (p − 1), the exponent of the inverse S-box. */
    public long alphaInverse() {
        return alphaInverse;
    }

    /** MDS[i][j], a copy. */
    public long[][] mds() {
        return deepCopy(mds);
    }

    public long[][] mdsInverse() {
        return deepCopy(mdsInverse);
    }

    /** The constant added to state element j after the first half of round r. */
    public long firstHalfConstant(int round, int j) {
        return roundConstants[2 * width * round + j];
    }

    /** The constant added to state element j after the second half of round r. */
    public long secondHalfConstant(int round, int j) {
        return roundConstants[2 * width * round + width + j];
    }

    private static long[][] deepCopy(long[][] matrix) {
        long[][] out = new long[matrix.length][];
        for (int i = 0; i < matrix.length; i++) {
            out[i] = matrix[i].clone();
        }
        return out;
    }
}
