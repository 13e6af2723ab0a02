package org.pouw.stark.air.vm;

import java.util.List;
import org.pouw.stark.poly.Ntt;
import org.pouw.vm.Instruction;
import org.pouw.vm.Program;

/**
 * The lookup table of a batch (issue 22 §3), built by the <b>verifier</b> from the programs it fetched by hash, one
 * per intent in the statement's order: the programs concatenated, slot s of program i holding (tag i, pc, packed
 * instruction, imm), then padding slots (packed 0, which no executed row has) up to the period
 * P′ = nextPow2(Σ P_i + 1). An intent's rows carry its tag, so a row of intent i can only match program i's
 * instructions even when two programs share a (pc, instruction) pair.
 */
public final class BatchProgramTable {
    /** The batch's programs together have at most this many instructions (the table is 2^16 slots at most). */
    public static final int MAX_INSTRUCTIONS = ProgramTable.MAX_INSTRUCTIONS;

    private final long[][] columns;
    private final long[][] coefficients;
    private final int[] offsets;

    private BatchProgramTable(long[][] columns, int[] offsets) {
        this.columns = columns;
        this.offsets = offsets;
        this.coefficients = new long[columns.length][];
        for (int c = 0; c < columns.length; c++) {
            coefficients[c] = columns[c].clone();
            Ntt.inverse(coefficients[c]);
        }
    }

    /** @throws IllegalArgumentException when the programs together are above {@link #MAX_INSTRUCTIONS} */
    public static BatchProgramTable of(List<Program> programs) {
        long total = 0;
        for (Program program : programs) {
            total += program.size();
        }
        if (total > MAX_INSTRUCTIONS) {
            throw new IllegalArgumentException("the batch's programs have " + total + " instructions together; stark "
                    + "mode proves at most " + MAX_INSTRUCTIONS + " per batch");
        }
        int period = ProgramTable.period((int) total);
        long[] tag = new long[period];
        long[] pc = new long[period];
        long[] packed = new long[period];
        long[] imm = new long[period];
        int[] offsets = new int[programs.size()];
        int slot = 0;
        for (int i = 0; i < programs.size(); i++) {
            offsets[i] = slot;
            Program program = programs.get(i);
            for (int k = 0; k < program.size(); k++, slot++) {
                Instruction instruction = program.instruction(k);
                tag[slot] = i;
                pc[slot] = k;
                packed[slot] = VmColumns.packed(instruction);
                imm[slot] = instruction.imm();
            }
        }
        return new BatchProgramTable(new long[][] {tag, pc, packed, imm}, offsets);
    }

    public int period() {
        return columns[0].length;
    }

    /** The slot of program {@code tag}'s instruction {@code pc}. */
    public int slot(int tag, int pc) {
        return offsets[tag] + pc;
    }

    /** (tag, pc, packed, imm), fresh copies. */
    public long[][] columns() {
        return new long[][] {columns[0].clone(), columns[1].clone(), columns[2].clone(), columns[3].clone()};
    }

    /** Their interpolants over ⟨ω_P′⟩, fresh copies. */
    public long[][] coefficients() {
        return new long[][] {coefficients[0].clone(), coefficients[1].clone(), coefficients[2].clone(),
                coefficients[3].clone()};
    }
}
