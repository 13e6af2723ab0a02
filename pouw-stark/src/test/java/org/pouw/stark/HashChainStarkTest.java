package org.pouw.stark;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.pouw.stark.air.hashchain.HashChain;
import org.pouw.stark.air.hashchain.HashChainStatement;
import org.pouw.stark.proof.StarkProof;
import org.pouw.stark.proof.StarkProofCodec;

class HashChainStarkTest {
    private static final long[] SEED = {11, 22, 33, 44};

    @Test
    void provesVerifiesAndReportsTheStatement() throws Exception {
        List<Double> fractions = new ArrayList<>();
        byte[] proof = HashChainStark.prove(FixedBinding.BINDING,
                SEED, 6, HashChainStark.OPTIONS_96, (phase, f) -> fractions.add(f));
        StarkVerdict verdict = StarkVerifier.verify(proof);
        assertThat(verdict.reason()).isEqualTo(StarkVerdict.Reason.VALID);
        HashChainStatement expected = FixedBinding.statement(SEED, 6, HashChain.run(SEED, 6));
        assertThat(verdict.statement()).contains(expected);
        assertThat(HashChainStark.verify(proof, expected).valid()).isTrue();
        assertThat(fractions).isSorted().last().isEqualTo(1.0);
        StarkProof decoded = StarkProofCodec.decode(proof);
        assertThat(StarkProofCodec.encode(decoded)).isEqualTo(proof);
    }

    @Test
    void provingIsDeterministic() {
        byte[] first = HashChainStark.prove(FixedBinding.BINDING,
                SEED, 3, HashChainStark.OPTIONS_96, ProverProgress.NONE);
        byte[] second = HashChainStark.prove(FixedBinding.BINDING,
                SEED, 3, HashChainStark.OPTIONS_96, ProverProgress.NONE);
        assertThat(first).isEqualTo(second);
    }

    @Test
    void seedFromTextIsStableAndCanonical() {
        long[] seed = HashChainStark.seedFromText("hello");
        assertThat(seed).hasSize(4).isEqualTo(HashChainStark.seedFromText("hello"));
        assertThat(seed).isNotEqualTo(HashChainStark.seedFromText("hello!"));
    }
}
