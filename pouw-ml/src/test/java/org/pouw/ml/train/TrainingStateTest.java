package org.pouw.ml.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.pouw.crypto.Blake3;
import org.pouw.crypto.Hex;
import org.pouw.ml.SyntheticData;
import org.pouw.ml.Tasks;
import org.pouw.ml.data.Dataset;
import org.pouw.ml.model.Parameter;
import org.pouw.ml.task.TrainingTask;
import org.pouw.ml.tensor.ThreadTeam;
import org.pouw.ml.wire.EncodingException;

class TrainingStateTest {
    private static final Dataset DATA = SyntheticData.blobs(100, 16, 4, 0.5, 1);
    private static final TrainingTask TASK = Tasks.smallMlp(DATA, DATA, 20);

    @Test
    void hashIsBlake3OfTheEncodingAndSurvivesARoundTrip() {
        TrainingState state = trained(5);
        byte[] encoded = state.encode();
        assertThat(state.hash(ThreadTeam.single()).hex()).isEqualTo(Hex.encode(Blake3.hash(encoded)));
        TrainingState decoded = TrainingState.decode(TASK, encoded);
        assertThat(decoded.stepsDone()).isEqualTo(5);
        assertThat(decoded.encode()).isEqualTo(encoded);
    }

    @Test
    void theStateIncludesOptimizerSlotsSoTwoStatesWithEqualWeightsDiffer() {
        TrainingState a = trained(3);
        TrainingState b = trained(3);
        b.slot(0, 0)[0][0] += 1f;
        assertThat(a.hash(ThreadTeam.single())).isNotEqualTo(b.hash(ThreadTeam.single()));
    }

    @Test
    void nanIsCanonicalisedBeforeHashing() {
        TrainingState a = trained(1);
        TrainingState b = trained(1);
        Parameter pa = a.network().parameters().get(0);
        Parameter pb = b.network().parameters().get(0);
        pa.value()[0][0] = Float.intBitsToFloat(0x7fc00000);
        pb.value()[0][0] = Float.intBitsToFloat(0xffc01234);
        assertThat(a.hash(ThreadTeam.single())).isEqualTo(b.hash(ThreadTeam.single()));
    }

    @Test
    void decodeRejectsWrongLengthMagicStepsAndNonCanonicalNan() {
        byte[] good = trained(2).encode();
        assertThatThrownBy(() -> TrainingState.decode(TASK, java.util.Arrays.copyOf(good, good.length - 4)))
                .isInstanceOf(EncodingException.class).hasMessageContaining("bytes");
        byte[] badMagic = good.clone();
        badMagic[0] ^= 1;
        assertThatThrownBy(() -> TrainingState.decode(TASK, badMagic)).isInstanceOf(EncodingException.class);
        byte[] tooManySteps = good.clone();
        tooManySteps[8] = 100;
        assertThatThrownBy(() -> TrainingState.decode(TASK, tooManySteps)).isInstanceOf(EncodingException.class)
                .hasMessageContaining("steps");
        byte[] oddNan = good.clone();
        int at = 24; // first parameter float
        oddNan[at] = 0x01;
        oddNan[at + 1] = 0x00;
        oddNan[at + 2] = (byte) 0xC0;
        oddNan[at + 3] = 0x7F;
        assertThatThrownBy(() -> TrainingState.decode(TASK, oddNan)).isInstanceOf(EncodingException.class)
                .hasMessageContaining("NaN");
    }

    private static TrainingState trained(int steps) {
        TrainingState state = TrainingState.initial(TASK);
        Trainer trainer = new Trainer(TASK, DATA, state, ThreadTeam.single());
        for (int i = 0; i < steps; i++) {
            trainer.step();
        }
        return state;
    }
}
