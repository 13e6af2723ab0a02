package org.pouw.stark.proof;

import org.pouw.stark.field.Fp2;

/**
 * The prover's claimed evaluations at the out-of-domain point z: every main and auxiliary trace column at z and
 * at z·ω (the next row), and every composition column at z.
 */
public record OodFrame(Fp2[] mainCurrent, Fp2[] mainNext, Fp2[] auxCurrent, Fp2[] auxNext, Fp2[] composition) {
    /** All values in transcript order. */
    public Fp2[] flatten() {
        Fp2[] out = new Fp2[2 * mainCurrent.length + 2 * auxCurrent.length + composition.length];
        int i = 0;
        for (Fp2[] part : new Fp2[][] {mainCurrent, mainNext, auxCurrent, auxNext, composition}) {
            System.arraycopy(part, 0, out, i, part.length);
            i += part.length;
        }
        return out;
    }
}
