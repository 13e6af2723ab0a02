package org.pouw.stark.air;

import java.nio.ByteBuffer;
import java.util.List;
import org.pouw.stark.field.Fp2;
import org.pouw.stark.field.Fp2Vector;

/**
 * A test AIR that exercises the auxiliary segment: main columns a and b, and one aux column p built from a verifier
 * challenge β as the running product p_0 = 1, p_{i+1} = p_i·(β − a_i)/(β − b_i). With p_{n−1} = 1 and
 * a_{n−1} = b_{n−1} = 0 asserted, the multisets {a_i} and {b_i} must be equal (a grand-product permutation argument,
 * the building block of the VM's lookups).
 */
public final class PermutationAir extends Air {
    private final int length;

    public PermutationAir(int length) {
        super(new TraceInfo(2, 1, 1, length));
        this.length = length;
    }

    @Override
    public int airId() {
        return 200;
    }

    @Override
    public byte[] publicInputs() {
        return ByteBuffer.allocate(4).putInt(length).array();
    }

    @Override
    public List<TransitionDegree> transitionDegrees() {
        return List.of();
    }

    @Override
    public List<TransitionDegree> auxTransitionDegrees() {
        return List.of(new TransitionDegree(2));
    }

    @Override
    public List<Assertion> assertions() {
        return List.of(new Assertion(0, length - 1, 0), new Assertion(1, length - 1, 0));
    }

    @Override
    public List<AuxAssertion> auxAssertions(Fp2[] randomness) {
        return List.of(new AuxAssertion(0, 0, Fp2.ONE), new AuxAssertion(0, length - 1, Fp2.ONE));
    }

    @Override
    public void evaluateTransition(Fp2[] current, Fp2[] next, Fp2[] periodic, Fp2[] result) {
    }

    @Override
    public void evaluateAuxTransition(Fp2[] mainCurrent, Fp2[] mainNext, Fp2[] auxCurrent, Fp2[] auxNext,
            Fp2[] periodic, Fp2[] randomness, Fp2[] result) {
        Fp2 beta = randomness[0];
        result[0] = auxNext[0].mul(beta.sub(mainCurrent[1])).sub(auxCurrent[0].mul(beta.sub(mainCurrent[0])));
    }

    @Override
    public Fp2Vector[] buildAuxTrace(long[][] main, Fp2[] randomness) {
        Fp2 beta = randomness[0];
        Fp2Vector p = Fp2Vector.zeros(length);
        Fp2 running = Fp2.ONE;
        for (int i = 0; i < length; i++) {
            p.set(i, running);
            running = running.mul(beta.sub(main[0][i])).mul(beta.sub(main[1][i]).inverse());
        }
        return new Fp2Vector[] {p};
    }
}
