package org.pouw.stark.air.vm;

import java.util.List;
import org.pouw.stark.air.Assertion;
import org.pouw.stark.air.AuxAssertion;
import org.pouw.stark.field.Ext;
import org.pouw.vm.Program;

/**
 * The batch AIR with rules taken out: the bus's final value, the last row's tag (the intent count), or the tag in the
 * lookup tuple. A forged batch trace that this AIR proves and verifies, and the real one refuses, shows which rule
 * is what refuses it.
 */
final class WeakenedBatchAir extends VmBatchAir {
    private final boolean busEndsAnywhere;
    private final boolean countUnchecked;
    private final boolean lookupIgnoresTag;

    WeakenedBatchAir(List<Program> programs, VmBatchStatement statement, boolean busEndsAnywhere,
                     boolean countUnchecked, boolean lookupIgnoresTag) {
        super(statement, BatchProgramTable.of(programs));
        this.busEndsAnywhere = busEndsAnywhere;
        this.countUnchecked = countUnchecked;
        this.lookupIgnoresTag = lookupIgnoresTag;
    }

    static WeakenedBatchAir withoutBusEnd(List<Program> programs, VmBatchStatement statement) {
        return new WeakenedBatchAir(programs, statement, true, false, false);
    }

    static WeakenedBatchAir withoutBusEndAndCount(List<Program> programs, VmBatchStatement statement) {
        return new WeakenedBatchAir(programs, statement, true, true, false);
    }

    static WeakenedBatchAir withoutTagInLookup(List<Program> programs, VmBatchStatement statement) {
        return new WeakenedBatchAir(programs, statement, false, false, true);
    }

    @Override
    public List<Assertion> assertions() {
        int last = traceInfo().length() - 1;
        return super.assertions().stream()
                .filter(a -> !(countUnchecked && a.column() == TAG && a.row() == last)).toList();
    }

    @Override
    public List<AuxAssertion> auxAssertions(Ext[] randomness) {
        int last = traceInfo().length() - 1;
        return super.auxAssertions(randomness).stream()
                .filter(a -> !(busEndsAnywhere && a.column() == 1 && a.row() == last)).toList();
    }

    @Override
    protected Ext compress(Ext tag, Ext pc, Ext packed, Ext imm, Ext gamma) {
        return super.compress(lookupIgnoresTag ? tag.field().zero() : tag, pc, packed, imm, gamma);
    }
}
