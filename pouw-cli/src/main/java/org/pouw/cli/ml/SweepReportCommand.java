package org.pouw.cli.ml;

import java.util.concurrent.Callable;
import org.pouw.cli.ClientOptions;
import org.pouw.cli.ExitCodes;
import org.pouw.client.PouwClient;
import org.pouw.client.ml.MlSweep;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/**
 * {@code pouw ml sweep report ID}: per configuration its settings, the folds verified and the mean ± standard
 * deviation of the held-out accuracy, the best one marked; a table for people, the node's answer with {@code --json}.
 */
@Command(name = "report", mixinStandardHelpOptions = true, description = "Compare a sweep's configurations.")
final class SweepReportCommand implements Callable<Integer> {
    @Mixin
    ClientOptions client;

    @Parameters(paramLabel = "SWEEP", description = "the id 'pouw ml sweep submit' printed")
    String id;

    @Override
    public Integer call() {
        try (PouwClient node = client.client()) {
            MlSweep sweep = node.ml().sweep(id);
            client.printer().print(sweep.json(), SweepFollower.table(sweep));
            return ExitCodes.OK;
        }
    }
}
