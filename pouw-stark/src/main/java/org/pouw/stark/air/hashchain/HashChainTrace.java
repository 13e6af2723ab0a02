package org.pouw.stark.air.hashchain;

import org.pouw.stark.ProverProgress;

/** Builds the execution trace of {@link HashChainAir}: the Rescue-Prime state after every round of every hash. */
public final class HashChainTrace {
    private HashChainTrace() {
    }

    /**
     * The trace (12 columns × {@link HashChainAir#traceLength} rows) for {@code steps} hashes from {@code seed};
     * the chain continues past {@code steps} to fill the trace.
     */
    public static long[][] build(long[] seed, long steps, ProverProgress progress) {
        if (seed.length != HashChainStatement.DIGEST_LENGTH) {
            throw new IllegalArgumentException("seed must have " + HashChainStatement.DIGEST_LENGTH + " elements");
        }
        for (long value : seed) {
            if (!org.pouw.crypto.Goldilocks.isCanonical(value)) {
                throw new IllegalArgumentException("seed holds a non-canonical field element");
            }
        }
        int length = HashChainAir.traceLength(steps);
        int width = HashChainAir.WIDTH;
        RescuePrime rescue = new RescuePrime(RescuePrimeParameters.RP64_256);
        long[][] trace = new long[width][length];
        long[] state = new long[width];
        System.arraycopy(seed, 0, state, 0, HashChainStatement.DIGEST_LENGTH);
        state[4] = 1;
        int hashes = length / HashChainAir.CYCLE;
        int reportEvery = Math.max(1, hashes / 20);
        for (int h = 0; h < hashes; h++) {
            int row = h * HashChainAir.CYCLE;
            write(trace, row, state);
            for (int r = 0; r < rescue.parameters().rounds(); r++) {
                rescue.applyRound(state, r);
                write(trace, row + r + 1, state);
            }
            for (int j = HashChainStatement.DIGEST_LENGTH; j < width; j++) {
                state[j] = j == HashChainStatement.DIGEST_LENGTH ? 1 : 0;
            }
            if (h % reportEvery == 0) {
                progress.onProgress("hash chain", (double) h / hashes);
            }
        }
        return trace;
    }

    /** The digest at the end of hash number {@code steps} (1-based) in a trace. */
    public static long[] output(long[][] trace, long steps) {
        int row = (int) (HashChainAir.CYCLE * steps - 1);
        long[] out = new long[HashChainStatement.DIGEST_LENGTH];
        for (int j = 0; j < out.length; j++) {
            out[j] = trace[j][row];
        }
        return out;
    }

    private static void write(long[][] trace, int row, long[] state) {
        for (int j = 0; j < state.length; j++) {
            trace[j][row] = state[j];
        }
    }
}
