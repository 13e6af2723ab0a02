package org.pouw.stark.protocol;

import org.pouw.stark.field.Fp2;
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
public record DeepComposition(Fp2 z, Fp2 zNext, Fp2[] mainAtZ, Fp2[] mainAtZNext, Fp2[] auxAtZ, Fp2[] auxAtZNext,
        Fp2[] composition) {

    public static DeepComposition draw(Transcript transcript, Fp2 z, long traceGenerator, int width, int auxWidth,
            int compositionColumns) {
        Fp2[] main = new Fp2[width];
        Fp2[] mainNext = new Fp2[width];
        for (int j = 0; j < width; j++) {
            main[j] = transcript.drawExt();
            mainNext[j] = transcript.drawExt();
        }
        Fp2[] aux = new Fp2[auxWidth];
        Fp2[] auxNext = new Fp2[auxWidth];
        for (int j = 0; j < auxWidth; j++) {
            aux[j] = transcript.drawExt();
            auxNext[j] = transcript.drawExt();
        }
        Fp2[] composition = transcript.drawExt(compositionColumns);
        return new DeepComposition(z, z.mul(traceGenerator), main, mainNext, aux, auxNext, composition);
    }

    /** Σ γ_j·T_j(z) + Σ δ_k·H_k(z): the part of the z-numerator that does not depend on x. */
    public Fp2 constantAtZ(OodFrame ood) {
        return dot(mainAtZ, ood.mainCurrent()).add(dot(auxAtZ, ood.auxCurrent())).add(dot(composition, ood.composition()));
    }

    /** Σ γ'_j·T_j(zω). */
    public Fp2 constantAtZNext(OodFrame ood) {
        return dot(mainAtZNext, ood.mainNext()).add(dot(auxAtZNext, ood.auxNext()));
    }

    /** D(x) at one point from the opened rows there (the verifier's side). */
    public Fp2 evaluate(long x, long[] mainRow, Fp2[] auxRow, Fp2[] compositionRow, OodFrame ood) {
        Fp2 atZ = Fp2.ZERO;
        Fp2 atZNext = Fp2.ZERO;
        for (int j = 0; j < mainRow.length; j++) {
            atZ = atZ.add(mainAtZ[j].mul(mainRow[j]));
            atZNext = atZNext.add(mainAtZNext[j].mul(mainRow[j]));
        }
        atZ = atZ.add(dot(auxAtZ, auxRow)).add(dot(composition, compositionRow)).sub(constantAtZ(ood));
        atZNext = atZNext.add(dot(auxAtZNext, auxRow)).sub(constantAtZNext(ood));
        Fp2 point = Fp2.of(x);
        return atZ.mul(point.sub(z).inverse()).add(atZNext.mul(point.sub(zNext).inverse()));
    }

    private static Fp2 dot(Fp2[] coefficients, Fp2[] values) {
        Fp2 sum = Fp2.ZERO;
        for (int i = 0; i < coefficients.length; i++) {
            sum = sum.add(coefficients[i].mul(values[i]));
        }
        return sum;
    }
}
