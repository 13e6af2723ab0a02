package org.pouw.cli.ml;

import java.util.ArrayList;
import java.util.List;
import org.pouw.ml.data.Dataset;

/**
 * Splits one dataset into training and held-out records when the data has no separate test set. The held-out
 * records are spread evenly through the file — record i is held out when {@code ⌊(i+1)·f⌋ > ⌊i·f⌋}, so f = 0.2
 * holds out records 4, 9, 14, … — rather than taken from the end, so a file sorted by class still gives a
 * held-out set with every class in it. The rule is a pure function of the index, so train and evaluate (and
 * anyone else) pick the same records.
 */
final class HeldOutSplit {
    static final String OPTION = "--held-out-fraction";

    private HeldOutSplit() {
    }

    record Parts(Dataset train, Dataset heldOut) {
    }

    static Parts split(Dataset all, double fraction) {
        BadOption.require(fraction > 0 && fraction < 1, OPTION, "in (0, 1)", fraction);
        List<Integer> train = new ArrayList<>();
        List<Integer> heldOut = new ArrayList<>();
        for (int i = 0; i < all.size(); i++) {
            (isHeldOut(i, fraction) ? heldOut : train).add(i);
        }
        if (train.isEmpty() || heldOut.isEmpty()) {
            throw new BadOption(OPTION, fraction + " of " + all.size() + " records leaves "
                    + (train.isEmpty() ? "no training records" : "no held-out records"));
        }
        return new Parts(pick(all, train), pick(all, heldOut));
    }

    static boolean isHeldOut(int index, double fraction) {
        return Math.floor((index + 1) * fraction) > Math.floor(index * fraction);
    }

    private static Dataset pick(Dataset all, List<Integer> indices) {
        float[][] features = new float[indices.size()][];
        int[] labels = new int[indices.size()];
        for (int k = 0; k < labels.length; k++) {
            features[k] = all.features(indices.get(k));
            labels[k] = all.label(indices.get(k));
        }
        return Dataset.of(features, labels, all.classes());
    }
}
