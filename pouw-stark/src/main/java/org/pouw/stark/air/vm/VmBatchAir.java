package org.pouw.stark.air.vm;

import static org.pouw.stark.air.vm.VmColumns.DONE;
import static org.pouw.stark.air.vm.VmColumns.IMM;
import static org.pouw.stark.air.vm.VmColumns.MULT;
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
import org.pouw.stark.field.ExtensionField;
import org.pouw.vm.Program;
import org.pouw.vm.VmState;

/**
 * The batch AIR of the {@code full} tier (issue 22 §3; docs/stark.md, "Batches"): the runs of a batch's intents
 * concatenated in one trace. Every row carries the VM AIR's step columns and constraints, plus a tag (the intent's
 * index), a reset flag, a "first row of an intent" flag, an "end row of an intent" flag and a step counter. A reset
 * is allowed only on a row after its intent's halt and lets the next row start the next intent anywhere; the lookup
 * tuple gains the tag, against the batch's programs concatenated ({@link BatchProgramTable}); and each intent's
 * start (tag, pc, registers) and end (tag, steps, pc, registers) go on a bus — a second running sum — whose final
 * value the verifier computes from its own list of intents. The public inputs are the list's digest and count.
 *
 * <p>Not final so that tests can remove one rule; the node and the verifier only ever build this class.
 */
public class VmBatchAir extends Air {
    public static final int AIR_ID = 4;
    /** α and γ for the program lookup, β and δ for the bus. */
    public static final int AUX_RANDOMNESS = 4;

    /** The intent's index in the batch: 0 on row 0, one more after each reset. */
    public static final int TAG = VmColumns.WIDTH;
    /** 1 on the row whose successor starts the next intent; only on a row after a halt. */
    public static final int RST = TAG + 1;
    /** 1 on an intent's first row (row 0, and the row after each reset): puts its start on the bus. */
    public static final int FIRST = RST + 1;
    /** 1 on the row after an intent's halt (its end state): puts the end and the step count on the bus. */
    public static final int EMIT = FIRST + 1;
    /** Steps executed by this intent before this row: 0 on its first row, T on its end row. */
    public static final int COUNT = EMIT + 1;
    public static final int WIDTH = COUNT + 1;

    /** The batch's own rules, after the VM step constraints (which reset rows lift as described). */
    public enum Rule {
        /** rst·(1 − rst) = 0. */
        RESET_BOOLEAN(2),
        /** rst·(1 − done) = 0: an intent ends only after its halt. */
        RESET_AFTER_DONE(2),
        /** tag′ = tag + rst. */
        TAG_UPDATE(1),
        /** first′ = rst. */
        FIRST_UPDATE(1),
        /** count′ = (count + 1 − done)·(1 − rst): counts executed rows, restarts at 0 on the next intent. */
        COUNT_UPDATE(2),
        /** emit′ = done′·(1 − done): the first done row of each intent, and only it. */
        EMIT_UPDATE(2);

        private final int degree;

        Rule(int degree) {
            this.degree = degree;
        }

        /** This rule's index among all transition constraints. */
        public int index() {
            return VmAir.TRANSITIONS + ordinal();
        }
    }

    private static final List<TransitionDegree> DEGREES = degrees();

    private final VmBatchStatement statement;
    private final BatchProgramTable table;
    private final long[][] tableColumns;

    /**
     * The AIR of {@code statement} for {@code programs}, one per intent in the statement's order, which the caller
     * fetched and whose hashes it checked (checked again here).
     *
     * @throws IllegalArgumentException when a program's hash is not its intent's, or the programs are too large
     */
    public VmBatchAir(List<Program> programs, VmBatchStatement statement) {
        this(statement, checkedTable(programs, statement));
    }

    protected VmBatchAir(VmBatchStatement statement, BatchProgramTable table) {
        super(new TraceInfo(WIDTH, 2, AUX_RANDOMNESS, traceLength(statement, table.period())));
        this.statement = statement;
        this.table = table;
        this.tableColumns = table.columns();
    }

    private static BatchProgramTable checkedTable(List<Program> programs, VmBatchStatement statement) {
        List<VmBatchStatement.Intent> intents = statement.intents();
        if (programs.size() != intents.size()) {
            throw new IllegalArgumentException(programs.size() + " programs for " + intents.size() + " intents");
        }
        for (int i = 0; i < programs.size(); i++) {
            if (!MessageDigest.isEqual(programs.get(i).hash(), intents.get(i).programHash())) {
                throw new IllegalArgumentException("program " + i + " hashes to " + programs.get(i).hashHex()
                        + ", not to intent " + i + "'s program hash");
            }
        }
        return BatchProgramTable.of(programs);
    }

    /** Σ (T_i + 1) rows for the runs and their end rows, one more, and the table's period, as a power of two. */
    public static int traceLength(VmBatchStatement statement, int period) {
        long rows = 1;
        for (VmBatchStatement.Intent intent : statement.intents()) {
            rows += intent.steps() + 1;
        }
        rows = Math.max(Math.max(rows, period), TraceInfo.MIN_LENGTH);
        if (rows > TraceInfo.MAX_LENGTH) {
            throw new IllegalArgumentException("the batch needs " + rows + " rows, more than " + TraceInfo.MAX_LENGTH);
        }
        return Integer.highestOneBit((int) rows - 1) << 1;
    }

    public VmBatchStatement statement() {
        return statement;
    }

    public BatchProgramTable table() {
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
        return List.of(new TransitionDegree(2, table.period()), new TransitionDegree(3));
    }

    @Override
    public List<long[]> periodicColumns() {
        return List.of(tableColumns[0], tableColumns[1], tableColumns[2], tableColumns[3]);
    }

    @Override
    public List<long[]> periodicCoefficients() {
        long[][] coefficients = table.coefficients();
        return List.of(coefficients[0], coefficients[1], coefficients[2], coefficients[3]);
    }

    @Override
    public List<Assertion> assertions() {
        int last = traceInfo().length() - 1;
        return List.of(new Assertion(TAG, 0, 0), new Assertion(FIRST, 0, 1), new Assertion(COUNT, 0, 0),
                new Assertion(DONE, 0, 0), new Assertion(EMIT, 0, 0),
                new Assertion(TAG, last, statement.intents().size() - 1), new Assertion(DONE, last, 1),
                new Assertion(EMIT, last, 0), new Assertion(FIRST, last, 0));
    }

    /** Both running sums start at 0; the lookup's ends at 0 and the bus's at the value of the verifier's list. */
    @Override
    public List<AuxAssertion> auxAssertions(Ext[] randomness) {
        Ext zero = randomness[0].field().zero();
        int last = traceInfo().length() - 1;
        return List.of(new AuxAssertion(0, 0, zero), new AuxAssertion(0, last, zero),
                new AuxAssertion(1, 0, zero), new AuxAssertion(1, last, expectedBus(randomness)));
    }

    /** Σ_i 1/(β − S_i) + 1/(β − E_i) over the statement's intents: what the bus must add up to. */
    public Ext expectedBus(Ext[] randomness) {
        Ext beta = randomness[2];
        Ext delta = randomness[3];
        ExtensionField field = beta.field();
        Ext sum = field.zero();
        List<VmBatchStatement.Intent> intents = statement.intents();
        for (int i = 0; i < intents.size(); i++) {
            VmBatchStatement.Intent intent = intents.get(i);
            Ext[] start = new Ext[3 + VmState.REGISTERS];
            start[0] = field.of(1);
            start[1] = field.of(i);
            start[2] = field.zero();
            long[] registers = intent.startRegisters();
            for (int j = 0; j < VmState.REGISTERS; j++) {
                start[3 + j] = field.of(registers[j]);
            }
            Ext[] end = new Ext[4 + VmState.REGISTERS];
            end[0] = field.of(2);
            end[1] = field.of(i);
            end[2] = field.of(intent.steps());
            end[3] = field.of(intent.end().pc());
            for (int j = 0; j < VmState.REGISTERS; j++) {
                end[4 + j] = field.of(intent.end().register(j));
            }
            sum = sum.add(beta.sub(horner(start, delta)).inverse()).add(beta.sub(horner(end, delta)).inverse());
        }
        return sum;
    }

    /** The same constraints over the base field: the prover's hot path (tests check both agree). */
    @Override
    public void evaluateTransition(long[] c, long[] x, long[] periodic, long[] out) {
        VmStepConstraints.evaluate(c, x, out);
        long rst = c[RST];
        int reg = VmAir.Constraint.REGISTER_UPDATE.first();
        for (int j = 0; j < VmState.REGISTERS; j++) {
            out[reg + j] = Goldilocks.sub(out[reg + j], Goldilocks.mul(rst, Goldilocks.sub(x[REG + j], c[REG + j])));
        }
        int pc = VmAir.Constraint.PC_UPDATE.first();
        out[pc] = Goldilocks.sub(out[pc], Goldilocks.mul(rst, Goldilocks.sub(x[PC], c[PC])));
        int done = VmAir.Constraint.DONE_UPDATE.first();
        out[done] = Goldilocks.add(out[done], rst);
        int k = VmAir.TRANSITIONS;
        out[k++] = Goldilocks.mul(rst, Goldilocks.sub(1, rst));
        out[k++] = Goldilocks.mul(rst, Goldilocks.sub(1, c[DONE]));
        out[k++] = Goldilocks.sub(Goldilocks.sub(x[TAG], c[TAG]), rst);
        out[k++] = Goldilocks.sub(x[FIRST], rst);
        out[k++] = Goldilocks.sub(x[COUNT], Goldilocks.mul(Goldilocks.sub(Goldilocks.add(c[COUNT], 1), c[DONE]),
                Goldilocks.sub(1, rst)));
        out[k] = Goldilocks.sub(x[EMIT], Goldilocks.mul(x[DONE], Goldilocks.sub(1, c[DONE])));
    }

    @Override
    public void evaluateTransition(Ext[] c, Ext[] x, Ext[] periodic, Ext[] out) {
        VmStepConstraints.evaluate(c, x, out);
        Ext rst = c[RST];
        // a reset row (after the halt, so a pad row) hands over to the next intent: its successor's pc and
        // registers are free (the bus pins them as that intent's start), and done restarts at 0
        int reg = VmAir.Constraint.REGISTER_UPDATE.first();
        for (int j = 0; j < VmState.REGISTERS; j++) {
            out[reg + j] = out[reg + j].sub(rst.mul(x[REG + j].sub(c[REG + j])));
        }
        int pc = VmAir.Constraint.PC_UPDATE.first();
        out[pc] = out[pc].sub(rst.mul(x[PC].sub(c[PC])));
        int done = VmAir.Constraint.DONE_UPDATE.first();
        out[done] = out[done].add(rst);
        int k = VmAir.TRANSITIONS;
        out[k++] = rst.mul(rst.neg().add(1));
        out[k++] = rst.mul(c[DONE].neg().add(1));
        out[k++] = x[TAG].sub(c[TAG]).sub(rst);
        out[k++] = x[FIRST].sub(rst);
        out[k++] = x[COUNT].sub(c[COUNT].add(1).sub(c[DONE]).mul(rst.neg().add(1)));
        out[k] = x[EMIT].sub(x[DONE].mul(c[DONE].neg().add(1)));
    }

    /**
     * The lookup (as the VM AIR's, the tuple with the tag) and the bus: (b′ − b)(β − S)(β − E) − first·(β − E)
     * − emit·(β − S) = 0, S = the row's start tuple, E its end tuple.
     */
    @Override
    public void evaluateAuxTransition(Ext[] c, Ext[] x, Ext[] auxCurrent, Ext[] auxNext, Ext[] periodic,
            Ext[] randomness, Ext[] result) {
        Ext alpha = randomness[0];
        Ext gamma = randomness[1];
        Ext f = compress(c[TAG], c[PC], VmAir.packed(c), c[IMM], gamma);
        Ext t = compress(periodic[0], periodic[1], periodic[2], periodic[3], gamma);
        Ext alphaMinusF = alpha.sub(f);
        Ext alphaMinusT = alpha.sub(t);
        result[0] = auxNext[0].sub(auxCurrent[0]).mul(alphaMinusF).mul(alphaMinusT)
                .sub(c[PAD].neg().add(1).mul(alphaMinusT))
                .add(c[MULT].mul(alphaMinusF));
        Ext beta = randomness[2];
        Ext delta = randomness[3];
        Ext betaMinusS = beta.sub(horner(startTuple(c), delta));
        Ext betaMinusE = beta.sub(horner(endTuple(c), delta));
        result[1] = auxNext[1].sub(auxCurrent[1]).mul(betaMinusS).mul(betaMinusE)
                .sub(c[FIRST].mul(betaMinusE))
                .sub(c[EMIT].mul(betaMinusS));
    }

    @Override
    public ExtVector[] buildAuxTrace(long[][] main, Ext[] randomness) {
        Ext alpha = randomness[0];
        Ext gamma = randomness[1];
        Ext beta = randomness[2];
        Ext delta = randomness[3];
        ExtensionField field = alpha.field();
        int n = traceInfo().length();
        int period = table.period();
        Ext[] tableTerms = new Ext[period];
        for (int i = 0; i < period; i++) {
            Ext t = compress(field.of(tableColumns[0][i]), field.of(tableColumns[1][i]),
                    field.of(tableColumns[2][i]), field.of(tableColumns[3][i]), gamma);
            tableTerms[i] = alpha.sub(t).inverse();
        }
        ExtVector s = ExtVector.zeros(field, n);
        ExtVector b = ExtVector.zeros(field, n);
        Ext lookup = field.zero();
        Ext bus = field.zero();
        Ext[] row = new Ext[WIDTH];
        for (int i = 0; i < n; i++) {
            s.set(i, lookup);
            b.set(i, bus);
            if (i == n - 1) {
                break;
            }
            for (int col = 0; col < row.length; col++) {
                row[col] = field.of(main[col][i]);
            }
            if (main[PAD][i] != 1) {
                Ext f = compress(row[TAG], row[PC], VmAir.packed(row), row[IMM], gamma);
                lookup = lookup.add(alpha.sub(f).inverse().mul(Goldilocks.sub(1, main[PAD][i])));
            }
            if (main[MULT][i] != 0) {
                lookup = lookup.sub(tableTerms[i & (period - 1)].mul(main[MULT][i]));
            }
            if (main[FIRST][i] != 0) {
                bus = bus.add(beta.sub(horner(startTuple(row), delta)).inverse().mul(main[FIRST][i]));
            }
            if (main[EMIT][i] != 0) {
                bus = bus.add(beta.sub(horner(endTuple(row), delta)).inverse().mul(main[EMIT][i]));
            }
        }
        return new ExtVector[] {s, b};
    }

    /** (1, tag, pc, r0 … r7): an intent's start, as the bus carries it. */
    private static Ext[] startTuple(Ext[] c) {
        Ext[] tuple = new Ext[3 + VmState.REGISTERS];
        tuple[0] = c[PC].field().of(1);
        tuple[1] = c[TAG];
        tuple[2] = c[PC];
        System.arraycopy(c, REG, tuple, 3, VmState.REGISTERS);
        return tuple;
    }

    /** (2, tag, steps, pc, r0 … r7): an intent's end and step count. */
    private static Ext[] endTuple(Ext[] c) {
        Ext[] tuple = new Ext[4 + VmState.REGISTERS];
        tuple[0] = c[PC].field().of(2);
        tuple[1] = c[TAG];
        tuple[2] = c[COUNT];
        tuple[3] = c[PC];
        System.arraycopy(c, REG, tuple, 4, VmState.REGISTERS);
        return tuple;
    }

    /** Σ_k tuple[k]·δ^k. */
    private static Ext horner(Ext[] tuple, Ext delta) {
        Ext acc = tuple[tuple.length - 1];
        for (int k = tuple.length - 2; k >= 0; k--) {
            acc = acc.mul(delta).add(tuple[k]);
        }
        return acc;
    }

    /** pc + γ·packed + γ²·imm + γ³·tag: the tag keeps one intent's rows to its own program's slots. */
    protected Ext compress(Ext tag, Ext pc, Ext packed, Ext imm, Ext gamma) {
        return pc.add(gamma.mul(packed.add(gamma.mul(imm.add(gamma.mul(tag))))));
    }

    private static List<TransitionDegree> degrees() {
        List<TransitionDegree> out = new ArrayList<>(VmAir.stepDegrees());
        for (Rule rule : Rule.values()) {
            out.addAll(Collections.nCopies(1, new TransitionDegree(rule.degree)));
        }
        return List.copyOf(out);
    }
}
