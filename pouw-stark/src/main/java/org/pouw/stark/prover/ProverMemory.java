package org.pouw.stark.prover;

import org.pouw.stark.proof.ProofOptions;

/**
 * The least memory {@link StarkProver} needs for a trace of a given shape (issue 27, item 3), so a job can state what
 * it asks of its prover's machine before anyone proves it. A lower bound, as the {@code ml-train} job's is: the
 * arrays below are all still referenced when the prover opens its commitments at the query positions, so a heap
 * smaller than their sum surely cannot finish the proof; a worker that declares less memory is never offered the job
 * and a node whose cap is lower refuses it at posting. Counted, for n trace rows, N = blowup × n evaluation points,
 * W main columns, A auxiliary columns and an extension field of degree e (8 bytes a base element):
 * <ul>
 *   <li>the main trace's low-degree extension, W × N elements;</li>
 *   <li>the auxiliary columns' extension, A × e × N;</li>
 *   <li>the composition polynomial's extension, at least one column of e × N (an AIR splits it in more);</li>
 *   <li>the DEEP composition's evaluations, which FRI's first layer keeps, e × N.</li>
 * </ul>
 * So at least 8 × N × (W + e × (A + 2)) bytes. Left out, so the bound stays below the truth: the Merkle trees, the
 * trace itself, the further composition columns and FRI layers, and the JVM's own headroom (docs/stark.md measures
 * a 2^18-row VM trace's live set at 1.84 GB after a collection; this bound gives 1.02 GB).
 */
public final class ProverMemory {
    private ProverMemory() {
    }

    /**
     * The bytes the prover surely holds at once for {@code rows} trace rows of {@code width} main and
     * {@code auxWidth} auxiliary columns under {@code options}; exact arithmetic, saturating at
     * {@link Long#MAX_VALUE}.
     */
    public static long leastBytes(int width, int auxWidth, long rows, ProofOptions options) {
        if (width < 1 || auxWidth < 0 || rows < 1) {
            throw new IllegalArgumentException("a trace has at least one column and one row, got " + width
                    + " main and " + auxWidth + " auxiliary columns of " + rows + " rows");
        }
        long points = saturatingMultiply(rows, options.blowup());
        long elementsPerPoint = width + (long) options.extensionDegree() * (auxWidth + 2);
        return saturatingMultiply(saturatingMultiply(points, elementsPerPoint), Long.BYTES);
    }

    /** {@link #leastBytes} in MiB, rounded up. */
    public static long leastMiB(int width, int auxWidth, long rows, ProofOptions options) {
        return Math.ceilDiv(leastBytes(width, auxWidth, rows, options), 1L << 20);
    }

    private static long saturatingMultiply(long a, long b) {
        long high = Math.multiplyHigh(a, b);
        long product = a * b;
        return high != 0 || product < 0 ? Long.MAX_VALUE : product;
    }
}
