package org.pouw.chain.mining;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.pouw.ml.model.Conv2dLayer;
import org.pouw.ml.model.DenseLayer;
import org.pouw.ml.model.Pass;

/**
 * The multiply-add count of docs/chain.md §3.2 on inputs whose count is known by hand: a pixel takes part in as many
 * products as the patches that cover it hold filters, a zero input or a zero weight in none.
 */
class ForwardWorkTest {
    private static final int FILTERS = 4;

    @Test
    void aCornerPixelMeetsOnePatchAndACentralPixelMeetsKernelSquared() {
        Conv2dLayer conv = conv();
        float[] corner = new float[6 * 6];
        corner[0] = 1f;
        float[] centre = new float[6 * 6];
        centre[2 * 6 + 3] = 1f;

        assertThat(count(conv, corner)).isEqualTo(FILTERS);
        assertThat(count(conv, centre)).isEqualTo(3 * 3 * FILTERS);
    }

    @Test
    void aFullImageMeetsEveryPatchEntryAndAZeroWeightRowNone() {
        Conv2dLayer conv = conv();
        float[] full = new float[6 * 6];
        Arrays.fill(full, 0.5f);
        assertThat(count(conv, full)).isEqualTo(4 * 4 * 3 * 3 * FILTERS);

        Arrays.fill(conv.weight().value()[0], 0f);
        // Patch entry 0 (offset 0, 0) is the top-left pixel of each of the 16 patches.
        assertThat(count(conv, full)).isEqualTo(4 * 4 * (3 * 3 - 1) * FILTERS);
    }

    @Test
    void aDenseLayerCountsNonZeroInputsTimesNonZeroWeightsOfTheirRow() {
        DenseLayer dense = new DenseLayer(3, 5, null);
        dense.initialise(11);
        dense.weight().value()[1][2] = 0f;
        ForwardWork work = new ForwardWork(new boolean[] {true, false, true});
        float[][] batch = {{1f, 2f, 0f}, {1f, 1f, 1f}, {0f, -1f, 0f}};
        dense.forward(batch, Pass.inference(MiningFixtures.TEAM));
        work.fed(0, dense, batch);

        // Row 0: 5 + 4 (input 2 is zero); row 1 is not counted; row 2: 4.
        assertThat(work.multiplyAdds()).isEqualTo(13);
        assertThat(work.finite()).isTrue();
        work.fed(0, dense, new float[][] {{Float.NaN, 0f, 0f}, {0f, 0f, 0f}, {0f, 0f, 0f}});
        assertThat(work.finite()).isFalse();
    }

    private static Conv2dLayer conv() {
        Conv2dLayer conv = new Conv2dLayer(6, 6, 1, FILTERS, 3);
        conv.initialise(5);
        for (float[] row : conv.weight().value()) {
            for (float w : row) {
                assertThat(w).isNotZero();
            }
        }
        return conv;
    }

    private static long count(Conv2dLayer conv, float[] image) {
        ForwardWork work = new ForwardWork(new boolean[] {true});
        work.fed(0, conv, new float[][] {image});
        return work.multiplyAdds();
    }
}
