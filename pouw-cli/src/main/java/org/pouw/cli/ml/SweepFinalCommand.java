package org.pouw.cli.ml;

import java.time.Duration;
import java.util.concurrent.Callable;
import org.pouw.cli.ClientOptions;
import org.pouw.cli.ExitCodes;
import org.pouw.client.PouwClient;
import org.pouw.client.ml.MlSweep;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code pouw ml sweep final ID}: asks for the final retrain of a sweep submitted without {@code --final-retrain},
 * while it runs or after it ended; the node posts the best configuration trained on every record once every task is
 * verified. With {@code --wait} it follows the sweep until the retrain is posted (or not) and prints the report.
 */
@Command(name = "final", mixinStandardHelpOptions = true,
        description = "Ask for a sweep's final retrain (the best configuration on all the data) after submitting it.")
final class SweepFinalCommand implements Callable<Integer> {
    private static final Duration PATIENCE = Duration.ofHours(24);

    @Mixin
    ClientOptions client;

    @Parameters(paramLabel = "SWEEP", description = "the id 'pouw ml sweep submit' printed")
    String id;

    @Option(names = "--wait", description = "follow the sweep until its final retrain is posted or refused")
    boolean wait;

    @Override
    public Integer call() throws InterruptedException {
        try (PouwClient node = client.client()) {
            MlSweep sweep = node.ml().askSweepFinal(id);
            // a running sweep's retrain waits for its last task: as long as 'pouw ml sweep status --wait' follows one
            long deadline = System.nanoTime() + PATIENCE.toNanos();
            while (wait && summary(sweep).endsWith("waiting") && System.nanoTime() < deadline) {
                Thread.sleep(1_000);
                sweep = node.ml().sweep(id);
            }
            client.printer().print(sweep.json(), summary(sweep));
            return ExitCodes.OK;
        }
    }

    static String summary(MlSweep sweep) {
        var fin = sweep.json().path("final");
        String status = fin.path("status").asString("waiting");
        return "sweep " + sweep.sweepId() + ": final retrain " + (status.equals("waiting") ? "waiting"
                : status + (fin.path("intent_id").isTextual() ? " as " + fin.path("intent_id").asString() : "")
                + (fin.path("note").isTextual() ? " — " + fin.path("note").asString() : ""));
    }
}
