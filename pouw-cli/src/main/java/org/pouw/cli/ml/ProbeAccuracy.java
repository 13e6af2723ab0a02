package org.pouw.cli.ml;

import java.util.List;
import org.pouw.ml.data.Dataset;
import org.pouw.ml.model.Architecture;
import org.pouw.ml.model.Network;
import org.pouw.ml.model.Parameter;
import org.pouw.ml.tensor.ThreadTeam;
import org.pouw.ml.train.Evaluator;
import org.pouw.ml.train.Loss;

/**
 * The accuracy shown while training: the current weights scored on the first few hundred held-out records.
 * The weights are copied into a network of its own first, so measuring never touches the training network's
 * buffers — training stays exactly the same whether or not (and however often) progress is shown.
 */
final class ProbeAccuracy {
    static final int PROBE_RECORDS = 256;

    private final Network probe;
    private final Dataset records;
    private final Loss loss;
    private final ThreadTeam team;

    ProbeAccuracy(Architecture architecture, Dataset heldOut, Loss loss, ThreadTeam team) {
        this.probe = architecture.build();
        this.records = heldOut.slice(0, Math.min(PROBE_RECORDS, heldOut.size()));
        this.loss = loss;
        this.team = team;
    }

    double measure(Network training) {
        List<Parameter> from = training.parameters();
        List<Parameter> to = probe.parameters();
        for (int p = 0; p < from.size(); p++) {
            float[][] source = from.get(p).value();
            float[][] target = to.get(p).value();
            for (int r = 0; r < source.length; r++) {
                System.arraycopy(source[r], 0, target[r], 0, source[r].length);
            }
        }
        return Evaluator.evaluate(probe, records, loss, team).accuracy();
    }
}
