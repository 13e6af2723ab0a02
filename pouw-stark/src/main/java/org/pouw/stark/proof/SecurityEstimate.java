package org.pouw.stark.proof;

/**
 * The conjectured security of a proof, in bits, as used by ethSTARK and Winterfell:
 *
 * <pre>
 *   λ = min( q·log2(b) + g ,  ⌊log2 |F_p^d|⌋ − log2(N) ) − 1,   capped at 128
 * </pre>
 *
 * with q queries, blowup b, g grinding bits and N = trace length · b the size of the evaluation domain.
 * <ul>
 *   <li>q·log2(b) + g is the query term of the ethSTARK conjecture (StarkWare, "ethSTARK Documentation", ePrint
 *       2021/582, §5.10.1): each query of a Reed–Solomon code of rate 1/b is assumed to catch a cheating prover with
 *       probability 1 − 1/b, and each grinding bit doubles the cost of re-rolling the queries;</li>
 *   <li>⌊log2 |F_p^d|⌋ − log2(N) bounds the chance that one of the random challenges drawn from the degree-d
 *       extension field lands on one of about N bad values (out-of-domain point, composition and DEEP coefficients,
 *       FRI folding factors); since 2^63 &lt; p &lt; 2^64, ⌊log2 p^d⌋ = 64·d − 1: 127 for F_p², 191 for F_p³;</li>
 *   <li>the cap is the 128-bit collision resistance of BLAKE3-256, which binds every commitment and the
 *       transcript.</li>
 * </ul>
 * The trailing −1 follows Winterfell's conservative rounding. The quadratic extension limits λ to 126 − log2(N):
 * about 104 bits for a 2^22-point domain, whatever the number of queries; the cubic one to 190 − log2(N), which
 * leaves the query term and the hash cap in charge for every domain up to 2^30.
 */
public final class SecurityEstimate {
    /** The verifier refuses anything below this. */
    public static final int MINIMUM_BITS = 96;

    static final int HASH_COLLISION_BITS = 128;

    private SecurityEstimate() {
    }

    public static int conjecturedBits(ProofOptions options, int traceLength) {
        int domainLog2 = Integer.numberOfTrailingZeros(traceLength) + options.blowupLog2();
        int queryBits = options.queries() * options.blowupLog2() + options.grindingBits();
        int fieldBits = extensionFieldBits(options.extensionDegree()) - domainLog2;
        return Math.min(Math.min(queryBits, fieldBits) - 1, HASH_COLLISION_BITS);
    }

    /** ⌊log2 p^d⌋ = 64·d − 1, as 2^63 &lt; p &lt; 2^64. */
    static int extensionFieldBits(int degree) {
        return 64 * degree - 1;
    }
}
