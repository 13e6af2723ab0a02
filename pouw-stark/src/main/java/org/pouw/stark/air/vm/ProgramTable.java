package org.pouw.stark.air.vm;

import java.util.Arrays;
import org.pouw.stark.poly.Ntt;
import org.pouw.vm.Instruction;
import org.pouw.vm.Program;

/**
 * The table the VM AIR's lookup reads, built by the <b>verifier</b> from the program it fetched by hash (never from
 * the proof): three periodic columns of period P′ = nextPow2(P + 1), slot i holding (i, packed instruction i,
 * imm of instruction i) for i &lt; P and (i, 0, 0) for the padding slots P … P′ − 1. No executed row can match a
 * padding slot, since its packed decoding is never 0; and slot P′ − 1 is always padding, so the trace's last row,
 * which the running sum does not count, never needs a real entry.
 */
public final class ProgramTable {
    /** Programs proven in stark mode have at most this many instructions (the table is 2^16 slots at most). */
    public static final int MAX_INSTRUCTIONS = (1 << 16) - 1;

    private final long[] pc;
    private final long[] packed;
    private final long[] imm;
    /** The three columns' interpolants over ⟨ω_P′⟩, what the verifier evaluates at the out-of-domain point. */
    private final long[][] coefficients;

    private ProgramTable(long[] pc, long[] packed, long[] imm) {
        this.pc = pc;
        this.packed = packed;
        this.imm = imm;
        this.coefficients = new long[][] {pc.clone(), packed.clone(), imm.clone()};
        for (long[] column : coefficients) {
            Ntt.inverse(column);
        }
    }

    /** @throws IllegalArgumentException naming the program size when it is above {@link #MAX_INSTRUCTIONS} */
    public static ProgramTable of(Program program) {
        int size = program.size();
        if (size > MAX_INSTRUCTIONS) {
            throw new IllegalArgumentException("program has " + size + " instructions; stark mode proves at most "
                    + MAX_INSTRUCTIONS);
        }
        int period = period(size);
        long[] pc = new long[period];
        long[] packed = new long[period];
        long[] imm = new long[period];
        for (int i = 0; i < period; i++) {
            pc[i] = i;
            if (i < size) {
                Instruction instruction = program.instruction(i);
                packed[i] = VmColumns.packed(instruction);
                imm[i] = instruction.imm();
            }
        }
        return new ProgramTable(pc, packed, imm);
    }

    /** P′ = nextPow2(P + 1): at least one padding slot, and at least 2 (a periodic column's shortest period). */
    public static int period(int programSize) {
        return Integer.highestOneBit(programSize) << 1;
    }

    public int period() {
        return pc.length;
    }

    /** The periodic columns' interpolation coefficients (pc, packed, imm), fresh copies. */
    public long[][] coefficients() {
        return new long[][] {coefficients[0].clone(), coefficients[1].clone(), coefficients[2].clone()};
    }

    /** The periodic columns (pc, packed, imm), fresh copies. */
    public long[][] columns() {
        return new long[][] {pc.clone(), packed.clone(), imm.clone()};
    }

    @Override
    public String toString() {
        return "ProgramTable[period " + pc.length + ", " + Arrays.stream(packed).filter(v -> v != 0).count()
                + " instructions]";
    }
}
