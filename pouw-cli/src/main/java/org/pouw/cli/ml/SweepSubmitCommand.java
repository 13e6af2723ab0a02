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
 * grid on each of K folds of those records (or a hold-out split) — as one request; the node posts one training task
 * per point, each fee reserved. {@code --wait} follows it, a progress line whenever another task is verified, and
 * prints the report. The held-out test set of the data, if any, is not sent: it stays the client's own final check.
 */
@Command(name = "submit", mixinStandardHelpOptions = true,
        description = "Post a grid of hyperparameters x K folds as training tasks; optionally wait for the report.")
final class SweepSubmitCommand implements Callable<Integer> {
    @Mixin
    ClientOptions client;

    @Mixin
    DataOptions data;

    @Mixin
    SweepGridOptions grid;

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
        org.pouw.client.ml.TrainingSpec spec = grid.spec();
        List<Map<String, Object>> configurations = grid.configurations();
        DataSource source = data.source();
        DatasetLoader.Loaded loaded = DatasetLoader.load(source, source.classes() != null ? source.classes() : 10);
        try (PouwClient node = client.client()) {
            StoredDataset stored = node.ml().uploadDataset(DatasetCodec.encode(loaded.train()));
            client.printer().line(String.format(Locale.ROOT, "sent %,d records (%,d bytes), root %s", stored.records(),
                    stored.bytes(), stored.root()));
            MlSweep sweep = node.ml().submitSweep(spec, configurations, folds, holdOutEvery, stored.blob());
            client.printer().print(sweep.json(), String.format(Locale.ROOT,
                    "sweep %s: %d configurations x %d folds = %d tasks, %,d reserved; follow it with: pouw ml sweep"
                            + " status %s --wait", sweep.sweepId(), configurations.size(), folds, sweep.jobsTotal(),
                    sweep.json().path("fee_total").asLong(), sweep.sweepId()));
            return await ? SweepFollower.follow(node, client.printer(), sweep.sweepId()) : ExitCodes.OK;
        }
    }
}
