package org.pouw.stark.air;

import java.nio.ByteBuffer;
import java.util.List;
import org.pouw.stark.field.Ext;
import org.pouw.stark.field.ExtVector;

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
    public List<AuxAssertion> auxAssertions(Ext[] randomness) {
        Ext one = randomness[0].field().one();
        return List.of(new AuxAssertion(0, 0, one), new AuxAssertion(0, length - 1, one));
    }

    @Override
    public void evaluateTransition(Ext[] current, Ext[] next, Ext[] periodic, Ext[] result) {
    }

    @Override
    public void evaluateAuxTransition(Ext[] mainCurrent, Ext[] mainNext, Ext[] auxCurrent, Ext[] auxNext,
            Ext[] periodic, Ext[] randomness, Ext[] result) {
        Ext beta = randomness[0];
        result[0] = auxNext[0].mul(beta.sub(mainCurrent[1])).sub(auxCurrent[0].mul(beta.sub(mainCurrent[0])));
    }

    @Override
    public ExtVector[] buildAuxTrace(long[][] main, Ext[] randomness) {
        Ext beta = randomness[0];
        ExtVector p = ExtVector.zeros(beta.field(), length);
        Ext running = beta.field().one();
        for (int i = 0; i < length; i++) {
            p.set(i, running);
            running = running.mul(beta.sub(main[0][i])).mul(beta.sub(main[1][i]).inverse());
        }
        return new ExtVector[] {p};
    }
}
