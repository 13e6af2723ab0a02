package org.pouw.stark.air.fibonacci;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import org.pouw.crypto.Goldilocks;
import org.pouw.stark.air.Air;
import org.pouw.stark.air.Assertion;
import org.pouw.stark.air.TraceInfo;
import org.pouw.stark.air.TransitionDegree;
import org.pouw.stark.field.Ext;

/**
 * The smoke-test AIR: two columns (a, b) start at (1, 1) and step (a, b) → (b, a + b) over the Goldilocks field,
 * so row i holds (F_{i+1}, F_{i+2}); the claimed result is b in the last row, F_{n+1} mod p.
 * Public inputs: log2(n) (1 byte) ‖ result (u64le).
 */
public final class FibonacciAir extends Air {
    public static final int AIR_ID = 1;
    private final long result;

    public FibonacciAir(int traceLength, long result) {
        super(TraceInfo.main(2, traceLength));
        if (!Goldilocks.isCanonical(result)) {
            throw new IllegalArgumentException("result must be a canonical field element");
        }
        this.result = result;
    }

    /** The trace for n rows, column-major. */
    public static long[][] trace(int traceLength) {
        long[] a = new long[traceLength];
        long[] b = new long[traceLength];
        a[0] = 1;
        b[0] = 1;
        for (int i = 1; i < traceLength; i++) {
            a[i] = b[i - 1];
            b[i] = Goldilocks.add(a[i - 1], b[i - 1]);
        }
        return new long[][] {a, b};
    }

    /** The AIR for the given public-input bytes; throws IllegalArgumentException when they are malformed. */
    public static FibonacciAir fromPublicInputs(byte[] publicInputs) {
        if (publicInputs.length != 9 || publicInputs[0] < 3 || publicInputs[0] > 26) {
            throw new IllegalArgumentException("Fibonacci public inputs must be log2(n) in [3, 26] and a result");
        }
        long value = ByteBuffer.wrap(publicInputs, 1, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        return new FibonacciAir(1 << publicInputs[0], value);
    }

    public long result() {
        return result;
    }

    @Override
    public int airId() {
        return AIR_ID;
    }

    @Override
    public byte[] publicInputs() {
        return ByteBuffer.allocate(9).order(ByteOrder.LITTLE_ENDIAN).put((byte) traceInfo().lengthLog2())
                .putLong(result).array();
    }

    @Override
    public List<TransitionDegree> transitionDegrees() {
        return List.of(new TransitionDegree(1), new TransitionDegree(1));
    }

    @Override
    public List<Assertion> assertions() {
        int last = traceInfo().length() - 1;
        return List.of(new Assertion(0, 0, 1), new Assertion(1, 0, 1), new Assertion(1, last, result));
    }

    @Override
    public void evaluateTransition(Ext[] current, Ext[] next, Ext[] periodic, Ext[] out) {
        out[0] = next[0].sub(current[1]);
        out[1] = next[1].sub(current[0].add(current[1]));
    }

    @Override
    public void evaluateTransition(long[] current, long[] next, long[] periodic, long[] out) {
        out[0] = Goldilocks.sub(next[0], current[1]);
        out[1] = Goldilocks.sub(next[1], Goldilocks.add(current[0], current[1]));
    }
}
