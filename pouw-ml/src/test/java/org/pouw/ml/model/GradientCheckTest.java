package org.pouw.ml.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.pouw.ml.tensor.ThreadTeam;
import org.pouw.ml.train.Loss;

/** Back-propagation agrees with central finite differences for every layer kind and both losses. */
class GradientCheckTest {
    @Test
    void mlpWithTanhAndSigmoid() {
        check(new MlpArchitecture(6, List.of(5, 4), Activation.TANH, 0f, 3).build(), 6, 3, Loss.SOFTMAX_CROSS_ENTROPY);
        check(new MlpArchitecture(6, List.of(5), Activation.SIGMOID, 0f, 3).build(), 6, 3, Loss.MEAN_SQUARED_ERROR);
    }

    @Test
    void cnnWithConvolutionPoolingAndHiddenDense() {
        Network network = new CnnArchitecture(6, 6, 2, 3, 3, 2, 5, Activation.TANH, 3).build();
        check(network, 72, 3, Loss.SOFTMAX_CROSS_ENTROPY);
    }

    private static void check(Network network, int inputs, int classes, Loss loss) {
        network.initialise(11);
        SplittableRandom random = new SplittableRandom(2);
        float[][] x = new float[4][inputs];
        int[] labels = new int[4];
        for (int i = 0; i < x.length; i++) {
            for (int j = 0; j < inputs; j++) {
                x[i][j] = (float) random.nextDouble();
            }
            labels[i] = random.nextInt(classes);
        }
        Pass pass = Pass.inference(ThreadTeam.single());
        float[][] grad = new float[4][classes];
        loss.lossAndGradient(network.forward(x, pass), labels, grad);
        network.backward(grad, pass);
        int checked = 0;
        for (Parameter p : network.parameters()) {
            for (int r = 0; r < p.rows(); r++) {
                for (int c = 0; c < p.columns(); c += 2) {
                    float analytic = p.gradient()[r][c];
                    float saved = p.value()[r][c];
                    float h = 1e-2f;
                    p.value()[r][c] = saved + h;
                    double up = loss.lossAndGradient(network.forward(x, pass), labels, new float[4][classes]);
                    p.value()[r][c] = saved - h;
                    double down = loss.lossAndGradient(network.forward(x, pass), labels, new float[4][classes]);
                    p.value()[r][c] = saved;
                    double numeric = (up - down) / (2 * h);
                    assertThat(Math.abs(numeric - analytic)).as("%s[%d][%d]", p.name(), r, c)
                            .isLessThan(2e-3 + 2e-2 * Math.abs(numeric));
                    checked++;
                }
            }
        }
        assertThat(checked).isGreaterThan(10);
    }
}
