package org.pouw.stark.proof;

import org.pouw.stark.field.Ext;

/**
 * The prover's claimed evaluations at the out-of-domain point z: every main and auxiliary trace column at z and
 * at z·ω (the next row), and every composition column at z.
 */
public record OodFrame(Ext[] mainCurrent, Ext[] mainNext, Ext[] auxCurrent, Ext[] auxNext, Ext[] composition) {
    /** All values in transcript order. */
    public Ext[] flatten() {
        Ext[] out = new Ext[2 * mainCurrent.length + 2 * auxCurrent.length + composition.length];
        int i = 0;
        for (Ext[] part : new Ext[][] {mainCurrent, mainNext, auxCurrent, auxNext, composition}) {
            System.arraycopy(part, 0, out, i, part.length);
            i += part.length;
        }
        return out;
    }
}
