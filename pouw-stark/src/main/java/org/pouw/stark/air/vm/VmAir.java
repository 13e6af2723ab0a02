package org.pouw.stark.air.vm;

import static org.pouw.stark.air.vm.VmColumns.A;
import static org.pouw.stark.air.vm.VmColumns.B;
import static org.pouw.stark.air.vm.VmColumns.D;
import static org.pouw.stark.air.vm.VmColumns.DONE;
import static org.pouw.stark.air.vm.VmColumns.IMM;
import static org.pouw.stark.air.vm.VmColumns.MULT;
import static org.pouw.stark.air.vm.VmColumns.OP;
import static org.pouw.stark.air.vm.VmColumns.OPCODES;
import static org.pouw.stark.air.vm.VmColumns.OP_SELECTORS;
import static org.pouw.stark.air.vm.VmColumns.PAD;
import static org.pouw.stark.air.vm.VmColumns.PC;
import static org.pouw.stark.air.vm.VmColumns.REG;

import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.pouw.crypto.Goldilocks;
import org.pouw.stark.air.Air;
import org.pouw.stark.air.Assertion;
import org.pouw.stark.air.AuxAssertion;
import org.pouw.stark.air.TraceInfo;
import org.pouw.stark.air.TransitionDegree;
import org.pouw.stark.field.Ext;
import org.pouw.stark.field.ExtVector;
import org.pouw.vm.Opcode;
import org.pouw.vm.Program;
import org.pouw.vm.VmState;

/**
 * The VM AIR (docs/stark.md, "The VM AIR"): one row per step of ARCHITECTURE.md §7's VM, the transition
 * constraints of degree ≤ 3 listed in {@link Constraint}, the statement's start and end states and exact step count
 * as assertions, and the program bound by a LogUp lookup against the {@link ProgramTable} the verifier builds from
 * the program itself. The one auxiliary column is the LogUp running sum over the challenges (α, γ).
 *
 * <p>Not final so that tests can remove one constraint and show the forged trace it alone refuses then verifies;
 * the node and the verifier only ever build this class.
 */
public class VmAir extends Air {
    public static final int AIR_ID = 3;
    /** Aux randomness: α, the LogUp point, and γ, the tuple compression. */
    public static final int AUX_RANDOMNESS = 2;

    /** The transition constraints in evaluation order; each name is the rule it keeps (docs/stark.md). */
    public enum Constraint {
        /** s·(1 − s) = 0 for the 13 opcode selectors (12 opcodes and pad) and the 24 register selectors. */
        SELECTOR_BOOLEAN(OP_SELECTORS + 3 * VmState.REGISTERS, 2),
        /** Σ opcode selectors = 1: without it mul could decode as add + sub, or no opcode at all. */
        ONE_OPCODE(1, 1),
        /** Σ d selectors = 1, Σ a = 1, Σ b = 1. */
        ONE_REGISTER(3, 1),
        /** va = Σ a_j·r_j, vb = Σ b_j·r_j. */
        OPERANDS(2, 2),
        /** zf − 1 + va·w = 0: va = 0 forces zf = 1, and va ≠ 0 with zf = 0 forces w = 1/va. */
        IS_ZERO_WITNESS(1, 2),
        /** va·zf = 0: zf is 0 whenever va ≠ 0. */
        IS_ZERO_FLAG(1, 2),
        /** out = the value the decoded opcode computes; inv is w·(1 − zf), so 0 ↦ 0. */
        WRITTEN_VALUE(1, 3),
        /** r_j' = r_j + W·d_j·(out − r_j), W the sum of the writing opcodes: one register, only when writing. */
        REGISTER_UPDATE(VmState.REGISTERS, 3),
        /** pc' by opcode: +1 when writing, imm for jmp, imm or +1 for jz by zf, unchanged for halt and pad. */
        PC_UPDATE(1, 3),
        /** pad = done: no row is padding before the halt, every row after it is. */
        PAD_IS_DONE(1, 1),
        /** done' = done + halt: done turns 1 on the row after the halt, and only there. */
        DONE_UPDATE(1, 1);

        private final int count;
        private final int degree;

        Constraint(int count, int degree) {
            this.count = count;
            this.degree = degree;
        }

        public int count() {
            return count;
        }

        /** The index of this group's first constraint in the evaluation order. */
        public int first() {
            int index = 0;
            for (Constraint c : values()) {
                if (c == this) {
                    return index;
                }
                index += c.count;
            }
            throw new AssertionError();
        }
    }

    public static final int TRANSITIONS = countTransitions();

    private static final Opcode[] OPCODE_VALUES = Opcode.values();
    private static final List<TransitionDegree> DEGREES = degrees();

    private final VmStatement statement;
    private final ProgramTable table;
    private final long[][] tableColumns;

    /**
     * The AIR of {@code statement} for {@code program}, which the caller fetched and whose hash it checked.
     *
     * @throws IllegalArgumentException when the program's hash is not the statement's, or the program is too large
     */
    public VmAir(Program program, VmStatement statement) {
        this(statement, checkedTable(program, statement));
    }

    /** For tests that build a table the prover picks; the statement still names the program's hash. */
    protected VmAir(VmStatement statement, ProgramTable table) {
        super(new TraceInfo(VmColumns.WIDTH, 1, AUX_RANDOMNESS, traceLength(statement, table.period())));
        this.statement = statement;
        this.table = table;
        this.tableColumns = table.columns();
    }

    private static ProgramTable checkedTable(Program program, VmStatement statement) {
        if (!MessageDigest.isEqual(program.hash(), statement.programHash())) {
            throw new IllegalArgumentException("program hash " + program.hashHex()
                    + " is not the statement's program hash");
        }
        return ProgramTableCache.shared().table(program);
    }

    /**
     * Rows for a statement: a run that halts needs {@link #traceLength(long, int)}; a non-final segment fills its
     * trace exactly (2^j − 1 steps, its end state on the last row), which must hold the table's period.
     *
     * @throws IllegalArgumentException for a non-final segment of another length
     */
    public static int traceLength(VmStatement statement, int period) {
        if (statement.halts()) {
            return traceLength(statement.steps(), period);
        }
        long rows = statement.steps() + 1;
        if (Long.bitCount(rows) != 1 || rows < Math.max(period, TraceInfo.MIN_LENGTH) || rows > TraceInfo.MAX_LENGTH) {
            throw new IllegalArgumentException("a segment without a halt has 2^j - 1 steps, at least "
                    + (Math.max(period, TraceInfo.MIN_LENGTH) - 1) + ", got " + statement.steps());
        }
        return (int) rows;
    }

    /** Rows: steps + 1 (the halt's successor) and the table's period, rounded up to a power of two, at least 8. */
    public static int traceLength(long steps, int period) {
        long rows = Math.max(Math.max(steps + 1, period), TraceInfo.MIN_LENGTH);
        if (rows > TraceInfo.MAX_LENGTH) {
            throw new IllegalArgumentException("steps " + steps + " need more than " + TraceInfo.MAX_LENGTH + " rows");
        }
        return Integer.highestOneBit((int) rows - 1) << 1;
    }

    public VmStatement statement() {
        return statement;
    }

    public ProgramTable table() {
        return table;
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
        return DEGREES;
    }

    @Override
    public List<TransitionDegree> auxTransitionDegrees() {
        return List.of(new TransitionDegree(2, table.period()));
    }

    @Override
    public List<long[]> periodicColumns() {
        return List.of(tableColumns[0], tableColumns[1], tableColumns[2]);
    }

    /** The table's interpolants, built once per program (the cache), not once per verification. */
    @Override
    public List<long[]> periodicCoefficients() {
        long[][] coefficients = table.coefficients();
        return List.of(coefficients[0], coefficients[1], coefficients[2]);
    }

    @Override
    public List<Assertion> assertions() {
        int t = (int) statement.steps();
        List<Assertion> out = new ArrayList<>();
        out.add(new Assertion(PC, 0, statement.start().pc()));
        long[] start = statement.start().registers();
        for (int j = 0; j < VmState.REGISTERS; j++) {
            out.add(new Assertion(REG + j, 0, start[j]));
        }
        out.add(new Assertion(DONE, 0, 0));
        if (statement.halts()) {
            // the first halt is at step T − 1: done is 0 there and 1 on the next row
            if (t > 1) {
                out.add(new Assertion(DONE, t - 1, 0));
            }
            out.add(new Assertion(DONE, t, 1));
        } else {
            // a non-final segment: T = n − 1, and done still 0 on the last row means no halt and no pad before it
            out.add(new Assertion(DONE, t, 0));
        }
        out.add(new Assertion(PC, t, statement.end().pc()));
        long[] end = statement.end().registers();
        for (int j = 0; j < VmState.REGISTERS; j++) {
            out.add(new Assertion(REG + j, t, end[j]));
        }
        return out;
    }

    @Override
    public List<AuxAssertion> auxAssertions(Ext[] randomness) {
        Ext zero = randomness[0].field().zero();
        return List.of(new AuxAssertion(0, 0, zero), new AuxAssertion(0, traceInfo().length() - 1, zero));
    }

    @Override
    public void evaluateTransition(long[] c, long[] x, long[] periodic, long[] out) {
        VmStepConstraints.evaluate(c, x, out);
    }

    @Override
    public void evaluateTransition(Ext[] c, Ext[] x, Ext[] periodic, Ext[] out) {
        VmStepConstraints.evaluate(c, x, out);
    }

    /**
     * The LogUp running sum s: s' − s = (1 − pad)/(α − f) − m/(α − t), multiplied out to
     * (s' − s)(α − f)(α − t) − (1 − pad)(α − t) + m(α − f) = 0, with f the row's compressed (pc, packed, imm) and t
     * the table slot's.
     */
    @Override
    public void evaluateAuxTransition(Ext[] c, Ext[] x, Ext[] auxCurrent, Ext[] auxNext, Ext[] periodic,
            Ext[] randomness, Ext[] result) {
        Ext alpha = randomness[0];
        Ext gamma = randomness[1];
        Ext f = compress(c[PC], packed(c), c[IMM], gamma);
        Ext t = compress(periodic[0], periodic[1], periodic[2], gamma);
        Ext alphaMinusF = alpha.sub(f);
        Ext alphaMinusT = alpha.sub(t);
        result[0] = auxNext[0].sub(auxCurrent[0]).mul(alphaMinusF).mul(alphaMinusT)
                .sub(c[PAD].neg().add(1).mul(alphaMinusT))
                .add(c[MULT].mul(alphaMinusF));
    }

    @Override
    public ExtVector[] buildAuxTrace(long[][] main, Ext[] randomness) {
        Ext alpha = randomness[0];
        Ext gamma = randomness[1];
        int n = traceInfo().length();
        int period = table.period();
        Ext[] tableTerms = new Ext[period];
        for (int i = 0; i < period; i++) {
            Ext t = compress(alpha.field().of(tableColumns[0][i]), alpha.field().of(tableColumns[1][i]),
                    alpha.field().of(tableColumns[2][i]), gamma);
            tableTerms[i] = alpha.sub(t).inverse();
        }
        ExtVector s = ExtVector.zeros(alpha.field(), n);
        Ext running = alpha.field().zero();
        Ext[] row = new Ext[VmColumns.WIDTH];
        for (int i = 0; i < n; i++) {
            s.set(i, running);
            if (i == n - 1) {
                break;
            }
            for (int col = 0; col < row.length; col++) {
                row[col] = alpha.field().of(main[col][i]);
            }
            if (main[PAD][i] != 1) {
                Ext f = compress(row[PC], packed(row), row[IMM], gamma);
                running = running.add(alpha.sub(f).inverse().mul(Goldilocks.sub(1, main[PAD][i])));
            }
            if (main[MULT][i] != 0) {
                running = running.sub(tableTerms[i & (period - 1)].mul(main[MULT][i]));
            }
        }
        return new ExtVector[] {s};
    }

    /** The row's packed decoding, code + 16·d + 128·a + 1024·b, from its selectors (linear in the trace). */
    static Ext packed(Ext[] c) {
        Ext packed = c[PC].field().zero();
        for (int k = 0; k < OPCODES; k++) {
            packed = packed.add(c[OP + k].mul(OPCODE_VALUES[k].code()));
        }
        for (int j = 1; j < VmState.REGISTERS; j++) {
            packed = packed.add(c[D + j].mul(16L * j)).add(c[A + j].mul(128L * j)).add(c[B + j].mul(1024L * j));
        }
        return packed;
    }

    private static Ext compress(Ext pc, Ext packed, Ext imm, Ext gamma) {
        return pc.add(gamma.mul(packed.add(gamma.mul(imm))));
    }

    private static int countTransitions() {
        int count = 0;
        for (Constraint c : Constraint.values()) {
            count += c.count;
        }
        return count;
    }

    /** The degrees of the step constraints, in {@link Constraint} order (the batch AIR starts with them too). */
    static List<TransitionDegree> stepDegrees() {
        return DEGREES;
    }

    private static List<TransitionDegree> degrees() {
        List<TransitionDegree> out = new ArrayList<>();
        for (Constraint c : Constraint.values()) {
            out.addAll(Collections.nCopies(c.count, new TransitionDegree(c.degree)));
        }
        return List.copyOf(out);
    }
}
