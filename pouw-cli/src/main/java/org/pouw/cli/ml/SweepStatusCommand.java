package org.pouw.cli.ml;

import java.util.concurrent.Callable;
import org.pouw.cli.ClientOptions;
import org.pouw.cli.ExitCodes;
import org.pouw.client.PouwClient;
import org.pouw.client.ml.MlSweep;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code pouw ml sweep status ID}: how many of the sweep's tasks are verified; {@code --wait} follows it to the end. */
@Command(name = "status", mixinStandardHelpOptions = true, description = "Show a sweep's progress; --wait follows it.")
final class SweepStatusCommand implements Callable<Integer> {
    @Mixin
    ClientOptions client;

    @Parameters(paramLabel = "SWEEP", description = "the id 'pouw ml sweep submit' printed")
    String id;

    @Option(names = "--wait", description = "follow the sweep until every task has ended, then print the report")
    boolean await;

    @Override
    public Integer call() throws InterruptedException {
        try (PouwClient node = client.client()) {
            if (await) {
                return SweepFollower.follow(node, client.printer(), id);
            }
            MlSweep sweep = node.ml().sweep(id);
            client.printer().print(sweep.json(), SweepFollower.progressLine(sweep));
            return ExitCodes.OK;
        }
    }
}
