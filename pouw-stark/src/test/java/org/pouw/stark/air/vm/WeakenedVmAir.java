package org.pouw.stark.air.vm;

import java.util.List;
import java.util.function.Predicate;
import org.pouw.stark.air.Assertion;
import org.pouw.stark.air.AuxAssertion;
import org.pouw.stark.field.Ext;
import org.pouw.stark.field.ExtVector;
import org.pouw.vm.Program;

/**
 * The VM AIR with one rule taken out: a transition constraint (its value forced to 0; two for a pair that only
 * fails together), one assertion, or the
 * running sum's start (the aux column is then shifted to end at 0 wherever it starts). A forged trace that this AIR
 * proves and verifies, and the real one refuses, shows that exactly that rule is what refuses it.
 */
final class WeakenedVmAir extends VmAir {
    private final int[] droppedTransitions;
    private final Predicate<Assertion> droppedAssertion;
    private final boolean runningSumStartsAnywhere;

    private WeakenedVmAir(Program program, VmStatement statement, int[] droppedTransitions,
            Predicate<Assertion> droppedAssertion, boolean runningSumStartsAnywhere) {
        super(statement, ProgramTable.of(program));
        this.droppedTransitions = droppedTransitions.clone();
        this.droppedAssertion = droppedAssertion;
        this.runningSumStartsAnywhere = runningSumStartsAnywhere;
    }

    static WeakenedVmAir withoutTransitions(Program program, VmStatement statement, int... indices) {
        return new WeakenedVmAir(program, statement, indices, a -> false, false);
    }

    static WeakenedVmAir withoutAssertion(Program program, VmStatement statement, int column, int row) {
        return new WeakenedVmAir(program, statement, new int[0], a -> a.column() == column && a.row() == row, false);
    }

    static WeakenedVmAir withoutRunningSumStart(Program program, VmStatement statement) {
        return new WeakenedVmAir(program, statement, new int[0], a -> false, true);
    }

    @Override
    public void evaluateTransition(long[] current, long[] next, long[] periodic, long[] out) {
        super.evaluateTransition(current, next, periodic, out);
        for (int index : droppedTransitions) {
            out[index] = 0;
        }
    }

    @Override
    public void evaluateTransition(Ext[] current, Ext[] next, Ext[] periodic, Ext[] out) {
        super.evaluateTransition(current, next, periodic, out);
        for (int index : droppedTransitions) {
            out[index] = current[0].field().zero();
        }
    }

    @Override
    public List<Assertion> assertions() {
        return super.assertions().stream().filter(droppedAssertion.negate()).toList();
    }

    @Override
    public List<AuxAssertion> auxAssertions(Ext[] randomness) {
        List<AuxAssertion> all = super.auxAssertions(randomness);
        return runningSumStartsAnywhere ? all.stream().filter(a -> a.row() != 0).toList() : all;
    }

    @Override
    public ExtVector[] buildAuxTrace(long[][] main, Ext[] randomness) {
        ExtVector[] aux = super.buildAuxTrace(main, randomness);
        if (runningSumStartsAnywhere) {
            ExtVector s = aux[0];
            Ext end = s.get(s.length() - 1);
            for (int i = 0; i < s.length(); i++) {
                s.set(i, s.get(i).sub(end));
            }
        }
        return aux;
    }
}
