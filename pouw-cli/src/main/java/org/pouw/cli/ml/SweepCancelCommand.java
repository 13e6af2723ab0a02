package org.pouw.cli.ml;

import java.util.Locale;
import java.util.concurrent.Callable;
import org.pouw.cli.ClientOptions;
import org.pouw.cli.ExitCodes;
import org.pouw.client.PouwClient;
import org.pouw.client.ml.MlSweep;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/**
 * {@code pouw ml sweep cancel ID}: the sweep's tasks nobody has claimed are cancelled and their fees refunded; tasks
 * under lease finish and are paid. A second cancel is refused (the node answers 409).
 */
@Command(name = "cancel", mixinStandardHelpOptions = true,
        description = "Cancel a sweep's unclaimed tasks and get their fees back; claimed ones finish and are paid.")
final class SweepCancelCommand implements Callable<Integer> {
    @Mixin
    ClientOptions client;

    @Parameters(paramLabel = "SWEEP", description = "the id 'pouw ml sweep submit' printed")
    String id;

    @Override
    public Integer call() {
        try (PouwClient node = client.client()) {
            MlSweep sweep = node.ml().cancelSweep(id);
            client.printer().print(sweep.json(), summary(sweep));
            return ExitCodes.OK;
        }
    }

    static String summary(MlSweep sweep) {
        var cancel = sweep.json().path("cancel");
        return String.format(Locale.ROOT, "sweep %s: %d tasks cancelled, %,d refunded; %d under lease finish and are"
                        + " paid", sweep.sweepId(), cancel.path("jobs_cancelled").asInt(),
                cancel.path("refunded").asLong(), cancel.path("jobs_running").asInt());
    }
}
