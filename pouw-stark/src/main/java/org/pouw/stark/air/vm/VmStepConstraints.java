package org.pouw.stark.air.vm;

import static org.pouw.crypto.Goldilocks.add;
import static org.pouw.crypto.Goldilocks.mul;
import static org.pouw.crypto.Goldilocks.sub;
import static org.pouw.stark.air.vm.VmColumns.A;
import static org.pouw.stark.air.vm.VmColumns.B;
import static org.pouw.stark.air.vm.VmColumns.D;
import static org.pouw.stark.air.vm.VmColumns.DONE;
import static org.pouw.stark.air.vm.VmColumns.IMM;
import static org.pouw.stark.air.vm.VmColumns.OP;
import static org.pouw.stark.air.vm.VmColumns.OP_SELECTORS;
import static org.pouw.stark.air.vm.VmColumns.OUT;
import static org.pouw.stark.air.vm.VmColumns.PAD;
import static org.pouw.stark.air.vm.VmColumns.PC;
import static org.pouw.stark.air.vm.VmColumns.REG;
import static org.pouw.stark.air.vm.VmColumns.VA;
import static org.pouw.stark.air.vm.VmColumns.VB;
import static org.pouw.stark.air.vm.VmColumns.W;
import static org.pouw.stark.air.vm.VmColumns.WRITING_OPCODES;
import static org.pouw.stark.air.vm.VmColumns.ZF;

import org.pouw.stark.field.Ext;
import org.pouw.vm.Opcode;
import org.pouw.vm.VmState;

/**
 * One step of the VM as constraints on two consecutive rows (docs/stark.md, "Transition constraints"): shared by
 * the {@link VmAir} of one run and the {@link VmBatchAir} of a batch, which lifts the state rules on its reset rows.
 * Writes {@link VmAir#TRANSITIONS} values in {@link VmAir.Constraint} order.
 */
final class VmStepConstraints {
    private VmStepConstraints() {
    }

    /** The VM AIR's main transition constraints over the base field, in {@link VmAir.Constraint} order. */
    static void evaluate(long[] c, long[] x, long[] out) {
        int k = 0;
        for (int s = OP; s < OP + OP_SELECTORS; s++) {
            out[k++] = mul(c[s], sub(1, c[s]));
        }
        for (int s = D; s < D + 3 * VmState.REGISTERS; s++) {
            out[k++] = mul(c[s], sub(1, c[s]));
        }
        out[k++] = sub(sum(c, OP, OP_SELECTORS), 1);
        out[k++] = sub(sum(c, D, VmState.REGISTERS), 1);
        out[k++] = sub(sum(c, A, VmState.REGISTERS), 1);
        out[k++] = sub(sum(c, B, VmState.REGISTERS), 1);
        long va = c[VA];
        long vb = c[VB];
        out[k++] = sub(va, select(c, A));
        out[k++] = sub(vb, select(c, B));
        long zf = c[ZF];
        long w = c[W];
        out[k++] = add(sub(zf, 1), mul(va, w));
        out[k++] = mul(va, zf);
        long imm = c[IMM];
        long notZf = sub(1, zf);
        long computed = mul(c[OP + Opcode.ADD.ordinal()], add(va, vb));
        computed = add(computed, mul(c[OP + Opcode.SUB.ordinal()], sub(va, vb)));
        computed = add(computed, mul(c[OP + Opcode.MUL.ordinal()], mul(va, vb)));
        computed = add(computed, mul(c[OP + Opcode.ADDI.ordinal()], add(va, imm)));
        computed = add(computed, mul(c[OP + Opcode.MULI.ordinal()], mul(va, imm)));
        computed = add(computed, mul(c[OP + Opcode.LI.ordinal()], imm));
        computed = add(computed, mul(c[OP + Opcode.MOV.ordinal()], va));
        computed = add(computed, mul(c[OP + Opcode.INV.ordinal()], mul(w, notZf)));
        computed = add(computed, mul(c[OP + Opcode.EQZ.ordinal()], zf));
        out[k++] = sub(c[OUT], computed);
        long writing = sum(c, OP, WRITING_OPCODES);
        for (int j = 0; j < VmState.REGISTERS; j++) {
            long r = c[REG + j];
            out[k++] = sub(sub(x[REG + j], r), mul(mul(writing, c[D + j]), sub(c[OUT], r)));
        }
        long pc = c[PC];
        long pcPlusOne = add(pc, 1);
        long nextPc = mul(writing, pcPlusOne);
        nextPc = add(nextPc, mul(c[OP + Opcode.JMP.ordinal()], imm));
        nextPc = add(nextPc, mul(c[OP + Opcode.JZ.ordinal()], add(mul(zf, imm), mul(notZf, pcPlusOne))));
        nextPc = add(nextPc, mul(add(c[OP + Opcode.HALT.ordinal()], c[PAD]), pc));
        out[k++] = sub(x[PC], nextPc);
        out[k++] = sub(c[PAD], c[DONE]);
        out[k++] = sub(x[DONE], add(c[DONE], c[OP + Opcode.HALT.ordinal()]));
    }

    /** The same constraints over the extension field, as the verifier evaluates them at the out-of-domain point. */
    static void evaluate(Ext[] c, Ext[] x, Ext[] out) {
        int k = 0;
        for (int s = OP; s < OP + OP_SELECTORS; s++) {
            out[k++] = c[s].mul(c[s].neg().add(1));
        }
        for (int s = D; s < D + 3 * VmState.REGISTERS; s++) {
            out[k++] = c[s].mul(c[s].neg().add(1));
        }
        out[k++] = sum(c, OP, OP_SELECTORS).sub(1);
        out[k++] = sum(c, D, VmState.REGISTERS).sub(1);
        out[k++] = sum(c, A, VmState.REGISTERS).sub(1);
        out[k++] = sum(c, B, VmState.REGISTERS).sub(1);
        Ext va = c[VA];
        Ext vb = c[VB];
        out[k++] = va.sub(select(c, A));
        out[k++] = vb.sub(select(c, B));
        Ext zf = c[ZF];
        Ext w = c[W];
        out[k++] = zf.sub(1).add(va.mul(w));
        out[k++] = va.mul(zf);
        Ext imm = c[IMM];
        Ext notZf = zf.neg().add(1);
        Ext computed = c[OP + Opcode.ADD.ordinal()].mul(va.add(vb))
                .add(c[OP + Opcode.SUB.ordinal()].mul(va.sub(vb)))
                .add(c[OP + Opcode.MUL.ordinal()].mul(va.mul(vb)))
                .add(c[OP + Opcode.ADDI.ordinal()].mul(va.add(imm)))
                .add(c[OP + Opcode.MULI.ordinal()].mul(va.mul(imm)))
                .add(c[OP + Opcode.LI.ordinal()].mul(imm))
                .add(c[OP + Opcode.MOV.ordinal()].mul(va))
                .add(c[OP + Opcode.INV.ordinal()].mul(w.mul(notZf)))
                .add(c[OP + Opcode.EQZ.ordinal()].mul(zf));
        out[k++] = c[OUT].sub(computed);
        Ext writing = sum(c, OP, WRITING_OPCODES);
        for (int j = 0; j < VmState.REGISTERS; j++) {
            Ext r = c[REG + j];
            out[k++] = x[REG + j].sub(r).sub(writing.mul(c[D + j]).mul(c[OUT].sub(r)));
        }
        Ext pc = c[PC];
        Ext pcPlusOne = pc.add(1);
        Ext nextPc = writing.mul(pcPlusOne)
                .add(c[OP + Opcode.JMP.ordinal()].mul(imm))
                .add(c[OP + Opcode.JZ.ordinal()].mul(zf.mul(imm).add(notZf.mul(pcPlusOne))))
                .add(c[OP + Opcode.HALT.ordinal()].add(c[PAD]).mul(pc));
        out[k++] = x[PC].sub(nextPc);
        out[k++] = c[PAD].sub(c[DONE]);
        out[k++] = x[DONE].sub(c[DONE].add(c[OP + Opcode.HALT.ordinal()]));
    }

    private static long sum(long[] c, int from, int count) {
        long s = 0;
        for (int i = from; i < from + count; i++) {
            s = add(s, c[i]);
        }
        return s;
    }

    private static Ext sum(Ext[] c, int from, int count) {
        Ext s = c[from];
        for (int i = from + 1; i < from + count; i++) {
            s = s.add(c[i]);
        }
        return s;
    }

    private static long select(long[] c, int selectors) {
        long s = 0;
        for (int j = 0; j < VmState.REGISTERS; j++) {
            s = add(s, mul(c[selectors + j], c[REG + j]));
        }
        return s;
    }

    private static Ext select(Ext[] c, int selectors) {
        Ext s = c[selectors].mul(c[REG]);
        for (int j = 1; j < VmState.REGISTERS; j++) {
            s = s.add(c[selectors + j].mul(c[REG + j]));
        }
        return s;
    }
}
