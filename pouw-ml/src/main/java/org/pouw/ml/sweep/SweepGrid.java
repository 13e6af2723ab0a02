package org.pouw.ml.sweep;

import java.util.ArrayList;
import java.util.List;
import org.pouw.ml.InvalidSpecException;
import org.pouw.ml.task.Hyperparameters;
import org.pouw.ml.tensor.Mix64;
import org.pouw.ml.train.Adam;
import org.pouw.ml.train.OptimizerSpec;
import org.pouw.ml.train.SgdMomentum;

/**
 * The configurations a sweep tries: every combination of learning rate × weight decay × batch size on top of a base
 * ({@link #grid}), or {@code count} of them drawn without replacement by a seed ({@link #random}). The order is
 * fixed — learning rate outermost, batch size innermost — so a configuration's index names it.
 */
public final class SweepGrid {
    public static final int MAX_CONFIGURATIONS = 64;

    private SweepGrid() {
    }

    public static List<Hyperparameters> grid(Hyperparameters base, List<Float> learningRates, List<Float> weightDecays,
                                             List<Integer> batches) {
        InvalidSpecException.require(!learningRates.isEmpty() && !weightDecays.isEmpty() && !batches.isEmpty(),
                "sweep grid", "at least one value on every axis", learningRates + " × " + weightDecays + " × " + batches);
        long size = (long) learningRates.size() * weightDecays.size() * batches.size();
        InvalidSpecException.require(size <= MAX_CONFIGURATIONS, "sweep configurations", "at most " + MAX_CONFIGURATIONS,
                size);
        List<Hyperparameters> out = new ArrayList<>();
        for (float rate : learningRates) {
            for (float decay : weightDecays) {
                for (int batch : batches) {
                    out.add(new Hyperparameters(base.loss(), with(base.optimizer(), rate, decay), batch, base.schedule(),
                            base.clipNorm()));
                }
            }
        }
        return List.copyOf(out);
    }

    /** {@code count} distinct configurations of the grid, chosen by a partial Fisher–Yates shuffle keyed by the seed. */
    public static List<Hyperparameters> random(List<Hyperparameters> grid, int count, long seed) {
        InvalidSpecException.require(count >= 1 && count <= grid.size(), "sweep count", "in [1, " + grid.size() + "]", count);
        int[] order = new int[grid.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        long key = Mix64.mix(seed ^ 0x7377656570L);
        List<Hyperparameters> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int j = i + (int) Long.remainderUnsigned(Mix64.derive(key, i), order.length - i);
            int swap = order[i];
            order[i] = order[j];
            order[j] = swap;
            out.add(grid.get(order[i]));
        }
        return List.copyOf(out);
    }

    private static OptimizerSpec with(OptimizerSpec base, float rate, float decay) {
        return switch (base) {
            case SgdMomentum sgd -> new SgdMomentum(rate, sgd.momentum(), decay);
            case Adam adam -> new Adam(rate, adam.beta1(), adam.beta2(), adam.epsilon(), decay);
        };
    }
}
