package org.pouw.cli.ml;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.pouw.cli.ClientOptions;
import org.pouw.cli.ExitCodes;
import org.pouw.client.PouwClient;
import org.pouw.client.ml.MlSweep;
import org.pouw.client.ml.StoredDataset;
import org.pouw.ml.data.DatasetCodec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code pouw ml sweep submit}: uploads the training records once and posts the sweep — every configuration of the
 * grid, or {@code --search N} drawn by the node from ranges, on each of K folds of those records (or a hold-out split),
 * and with {@code --final-retrain} the best configuration on all of them at the end — as one request; the node posts one training task
 * per point, each fee reserved. {@code --wait} follows it, a progress line whenever another task is verified, and
 * prints the report. The held-out test set of the data, if any, is not sent: it stays the client's own final check.
 */
@Command(name = "submit", mixinStandardHelpOptions = true,
        description = "Post a grid (or a seeded random search) of hyperparameters x K folds as training tasks;"
                + " optionally retrain the best on all the data, and wait for the report.")
final class SweepSubmitCommand implements Callable<Integer> {
    @Mixin
    ClientOptions client;

    @Mixin
    DataOptions data;

    @Mixin
    SweepGridOptions grid;

    @Mixin
    SweepSearchOptions search;

    @Option(names = "--final-retrain", description = "once every task is verified, train the best configuration on all"
            + " the records as one more task (its fee reserved when it is posted)")
    boolean finalRetrain;

    @Option(names = "--folds", paramLabel = "K", defaultValue = "5",
            description = "cross-validation folds; 1 = a hold-out split (default ${DEFAULT-VALUE})")
    int folds;

    @Option(names = "--hold-out-every", paramLabel = "N", defaultValue = "5",
            description = "with --folds 1: hold out every N-th record (default ${DEFAULT-VALUE})")
    int holdOutEvery;

    @Option(names = "--wait", description = "follow the sweep until every task has ended, then print the report")
    boolean await;

    @Override
    public Integer call() throws InterruptedException {
        BadOption.require(folds >= 1, "--folds", ">= 1", folds);
        if (search.asked() && grid.learningRates != null) {
            throw new BadOption("--search", "draws the configurations; give ranges (--lr-range, …), not --lr");
        }
        org.pouw.client.ml.TrainingSpec spec = search.asked() ? grid.spec(search.baseLearningRate()) : grid.spec();
        List<Map<String, Object>> configurations = search.asked() ? null : grid.configurations();
        Map<String, Object> drawn = search.asked() ? search.search() : null;
        DataSource source = data.source();
        DatasetLoader.Loaded loaded = DatasetLoader.load(source, source.classes() != null ? source.classes() : 10);
        try (PouwClient node = client.client()) {
            StoredDataset stored = node.ml().uploadDataset(DatasetCodec.encode(loaded.train()));
            client.printer().line(String.format(Locale.ROOT, "sent %,d records (%,d bytes), root %s", stored.records(),
                    stored.bytes(), stored.root()));
            MlSweep sweep = node.ml().submitSweep(spec, configurations, drawn, folds, holdOutEvery, stored.blob(),
                    finalRetrain);
            client.printer().print(sweep.json(), String.format(Locale.ROOT,
                    "sweep %s: %d configurations x %d folds = %d tasks, %,d reserved%s; follow it with: pouw ml sweep"
                            + " status %s --wait", sweep.sweepId(), sweep.json().path("configurations").size(), folds,
                    sweep.jobsTotal(), sweep.json().path("fee_total").asLong(),
                    finalRetrain ? " (the final retrain's fee when it is posted)" : "", sweep.sweepId()));
            return await ? SweepFollower.follow(node, client.printer(), sweep.sweepId()) : ExitCodes.OK;
        }
    }
}
