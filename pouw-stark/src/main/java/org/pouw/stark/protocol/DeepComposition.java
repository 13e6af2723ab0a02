package org.pouw.stark.protocol;

import org.pouw.stark.field.Ext;
import org.pouw.stark.field.ExtensionField;
import org.pouw.stark.fiatshamir.Transcript;
import org.pouw.stark.proof.OodFrame;

/**
 * The DEEP composition polynomial (Ben-Sasson, Goldberg, Kopparty, Saraf, "DEEP-FRI", ITCS 2020), the single
 * polynomial FRI tests. With trace columns T_j, composition columns H_k and the out-of-domain point z:
 *
 * <pre>
 *   D(x) = Σ_j γ_j·(T_j(x) − T_j(z))/(x − z) + γ'_j·(T_j(x) − T_j(zω))/(x − zω)
 *        + Σ_k δ_k·(H_k(x) − H_k(z))/(x − z)
 * </pre>
 *
 * over main and then auxiliary columns j. D has degree below n exactly when every claimed out-of-domain value is
 * the committed polynomial's true value there. The coefficients are drawn after the OOD frame is absorbed, in the
 * order γ_0, γ'_0, γ_1, γ'_1, … (main, then aux), then δ_0 … δ_{k−1}.
 */
public record DeepComposition(Ext z, Ext zNext, Ext[] mainAtZ, Ext[] mainAtZNext, Ext[] auxAtZ, Ext[] auxAtZNext,
        Ext[] composition) {

    public static DeepComposition draw(Transcript transcript, Ext z, long traceGenerator, int width, int auxWidth,
            int compositionColumns) {
        ExtensionField field = z.field();
        Ext[] main = new Ext[width];
        Ext[] mainNext = new Ext[width];
        for (int j = 0; j < width; j++) {
            main[j] = transcript.drawExt(field);
            mainNext[j] = transcript.drawExt(field);
        }
        Ext[] aux = new Ext[auxWidth];
        Ext[] auxNext = new Ext[auxWidth];
        for (int j = 0; j < auxWidth; j++) {
            aux[j] = transcript.drawExt(field);
            auxNext[j] = transcript.drawExt(field);
        }
        Ext[] composition = transcript.drawExt(field, compositionColumns);
        return new DeepComposition(z, z.mul(traceGenerator), main, mainNext, aux, auxNext, composition);
    }

    /** Σ γ_j·T_j(z) + Σ δ_k·H_k(z): the part of the z-numerator that does not depend on x. */
    public Ext constantAtZ(OodFrame ood) {
        return dot(mainAtZ, ood.mainCurrent()).add(dot(auxAtZ, ood.auxCurrent())).add(dot(composition, ood.composition()));
    }

    /** Σ γ'_j·T_j(zω). */
    public Ext constantAtZNext(OodFrame ood) {
        return dot(mainAtZNext, ood.mainNext()).add(dot(auxAtZNext, ood.auxNext()));
    }

    /** D(x) at one point from the opened rows there (the verifier's side). */
    public Ext evaluate(long x, long[] mainRow, Ext[] auxRow, Ext[] compositionRow, OodFrame ood) {
        Ext atZ = z.field().zero();
        Ext atZNext = z.field().zero();
        for (int j = 0; j < mainRow.length; j++) {
            atZ = atZ.add(mainAtZ[j].mul(mainRow[j]));
            atZNext = atZNext.add(mainAtZNext[j].mul(mainRow[j]));
        }
        atZ = atZ.add(dot(auxAtZ, auxRow)).add(dot(composition, compositionRow)).sub(constantAtZ(ood));
        atZNext = atZNext.add(dot(auxAtZNext, auxRow)).sub(constantAtZNext(ood));
        Ext point = z.field().of(x);
        return atZ.mul(point.sub(z).inverse()).add(atZNext.mul(point.sub(zNext).inverse()));
    }

    private Ext dot(Ext[] coefficients, Ext[] values) {
        Ext sum = z.field().zero();
        for (int i = 0; i < coefficients.length; i++) {
            sum = sum.add(coefficients[i].mul(values[i]));
        }
        return sum;
    }
}
