package org.pouw.stark.air.hashchain;

import static org.pouw.crypto.Goldilocks.add;
import static org.pouw.crypto.Goldilocks.mul;
import static org.pouw.crypto.Goldilocks.sub;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.pouw.stark.air.Air;
import org.pouw.stark.air.Assertion;
import org.pouw.stark.air.TraceInfo;
import org.pouw.stark.air.TransitionDegree;
import org.pouw.stark.field.DotProduct;
import org.pouw.stark.field.Ext;

/**
 * The AIR of the hash chain y = H^n(x), H = Rescue-Prime Rp64_256 (see {@link HashChain}).
 *
 * <p>Trace: 12 columns, the permutation state. Each hash takes a cycle of 8 rows: row 8h holds the input state
 * (x, 1, 0, …, 0), row 8h + r the state after r rounds, so row 8h + 7 holds the output state; the next cycle starts
 * from (output[0..4), 1, 0, …, 0). Steps beyond the claimed n continue the chain to fill a power of two.
 *
 * <p>Transitions (12 constraints, degree 7): the inverse S-box x^{1/7} has huge degree, so a round is checked from
 * both ends and meets in the middle, where both sides are degree 7:
 *
 * <pre>
 *   round:  MDS·(cur^7) + c1  =  (MDS^{-1}·(next − c2))^7
 *   reset:  next[0..4) = cur[0..4),  next[4] = 1,  next[5..12) = 0
 *   C = flag·(round) + (1 − flag)·(reset)
 * </pre>
 *
 * with periodic columns (period 8) flag = 1,1,1,1,1,1,1,0 and the round constants c1, c2 of rounds 0..6 (zero in
 * row 7). Degree: 7 in the trace times the flag's 7·n/8, so the composition splits into 7 columns and needs a
 * blowup of 8.
 *
 * <p>Assertions: row 0 is (seed, 1, 0, …, 0); row 8n − 1 begins with the output.
 */
public final class HashChainAir extends Air {
    public static final int AIR_ID = 2;
    public static final int WIDTH = 12;
    public static final int CYCLE = 8;
    private static final RescuePrimeParameters RESCUE = RescuePrimeParameters.RP64_256;
    private static final long[][] MDS = RESCUE.mds();
    private static final long[][] MDS_INVERSE = RESCUE.mdsInverse();
    private static final List<long[]> PERIODIC = periodicColumns(RESCUE);
    private static final ThreadLocal<long[][]> SCRATCH = ThreadLocal.withInitial(() -> new long[3][WIDTH]);

    private final HashChainStatement statement;

    public HashChainAir(HashChainStatement statement) {
        super(TraceInfo.main(WIDTH, traceLength(statement.steps())));
        this.statement = statement;
    }

    /** 8 rows per hash, rounded up to a power of two. */
    public static int traceLength(long steps) {
        if (steps < 1 || steps > HashChainStatement.MAX_STEPS) {
            throw new IllegalArgumentException("steps must be in [1, " + HashChainStatement.MAX_STEPS + "], got "
                    + steps);
        }
        return (int) Math.max(CYCLE, Long.highestOneBit(CYCLE * steps - 1) << 1);
    }

    public HashChainStatement statement() {
        return statement;
    }

    @Override
    public int airId() {
        return AIR_ID;
    }

    @Override
    public byte[] publicInputs() {
        return statement.encode();
    }

    @Override
    public List<TransitionDegree> transitionDegrees() {
        return Collections.nCopies(WIDTH, new TransitionDegree(7, CYCLE));
    }

    @Override
    public List<Assertion> assertions() {
        List<Assertion> out = new ArrayList<>();
        long[] seed = statement.seed();
        for (int j = 0; j < WIDTH; j++) {
            long value = j < 4 ? seed[j] : j == 4 ? 1 : 0;
            out.add(new Assertion(j, 0, value));
        }
        int outputRow = (int) (CYCLE * statement.steps() - 1);
        long[] output = statement.output();
        for (int j = 0; j < 4; j++) {
            out.add(new Assertion(j, outputRow, output[j]));
        }
        return out;
    }

    @Override
    public List<long[]> periodicColumns() {
        return PERIODIC;
    }

    private static List<long[]> periodicColumns(RescuePrimeParameters rescue) {
        List<long[]> columns = new ArrayList<>();
        long[] flag = new long[CYCLE];
        for (int r = 0; r < rescue.rounds(); r++) {
            flag[r] = 1;
        }
        columns.add(flag);
        for (int j = 0; j < WIDTH; j++) {
            long[] c1 = new long[CYCLE];
            for (int r = 0; r < rescue.rounds(); r++) {
                c1[r] = rescue.firstHalfConstant(r, j);
            }
            columns.add(c1);
        }
        for (int j = 0; j < WIDTH; j++) {
            long[] c2 = new long[CYCLE];
            for (int r = 0; r < rescue.rounds(); r++) {
                c2[r] = rescue.secondHalfConstant(r, j);
            }
            columns.add(c2);
        }
        return List.copyOf(columns);
    }

    @Override
    public void evaluateTransition(long[] current, long[] next, long[] periodic, long[] result) {
        long[][] scratch = SCRATCH.get();
        long[] powered = scratch[0];
        long[] shifted = scratch[1];
        long flag = periodic[0];
        for (int j = 0; j < WIDTH; j++) {
            powered[j] = RescuePrime.power7(current[j]);
            shifted[j] = sub(next[j], periodic[1 + WIDTH + j]);
        }
        for (int i = 0; i < WIDTH; i++) {
            long forward = add(DotProduct.dot(MDS[i], powered), periodic[1 + i]);
            long backward = RescuePrime.power7(DotProduct.dot(MDS_INVERSE[i], shifted));
            long round = sub(forward, backward);
            long reset = i < 4 ? sub(next[i], current[i]) : i == 4 ? sub(next[i], 1) : next[i];
            result[i] = add(reset, mul(flag, sub(round, reset)));
        }
    }

    @Override
    public void evaluateTransition(Ext[] current, Ext[] next, Ext[] periodic, Ext[] result) {
        Ext flag = periodic[0];
        Ext[] powered = new Ext[WIDTH];
        Ext[] shifted = new Ext[WIDTH];
        for (int j = 0; j < WIDTH; j++) {
            powered[j] = current[j].pow(7);
            shifted[j] = next[j].sub(periodic[1 + WIDTH + j]);
        }
        for (int i = 0; i < WIDTH; i++) {
            Ext forward = periodic[1 + i];
            Ext inverseMixed = flag.field().zero();
            for (int k = 0; k < WIDTH; k++) {
                forward = forward.add(powered[k].mul(MDS[i][k]));
                inverseMixed = inverseMixed.add(shifted[k].mul(MDS_INVERSE[i][k]));
            }
            Ext round = forward.sub(inverseMixed.pow(7));
            Ext reset = i < 4 ? next[i].sub(current[i]) : i == 4 ? next[i].sub(1) : next[i];
            result[i] = reset.add(flag.mul(round.sub(reset)));
        }
    }
}
