package org.pouw.cli.ml;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.pouw.cli.ClientOptions;
import org.pouw.cli.ExitCodes;
import org.pouw.client.PouwClient;
import org.pouw.client.ml.MlSweepList;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code pouw ml sweep list}: the caller's own sweeps, newest first, one line each — how to find a sweep whose
 * {@code submit} got no answer (a sweep is posted whole or not at all).
 */
@Command(name = "list", mixinStandardHelpOptions = true, description = "List your sweeps, newest first.")
final class SweepListCommand implements Callable<Integer> {
    @Mixin
    ClientOptions client;

    @Option(names = "--limit", defaultValue = "20", description = "how many (1-100, default ${DEFAULT-VALUE})")
    int limit;

    @Option(names = "--cursor", description = "the next page: the cursor the previous page printed")
    String cursor;

    @Override
    public Integer call() {
        try (PouwClient node = client.client()) {
            MlSweepList page = node.ml().mySweeps(limit, cursor);
            List<String> lines = new ArrayList<>();
            for (MlSweepList.Row row : page.sweeps()) {
                lines.add(row.sweepId() + "  " + row.jobsVerified() + "/" + row.jobsTotal() + " verified  "
                        + (row.following() ? "running" : "ended") + (row.finalRetrain() ? "  final retrain" : "")
                        + "  " + Instant.ofEpochMilli(row.createdAtMs()));
            }
            if (lines.isEmpty()) {
                lines.add("no sweeps");
            }
            page.nextCursor().ifPresent(next -> lines.add("more: --cursor " + next));
            client.printer().print(page.json(), String.join("\n", lines));
            return ExitCodes.OK;
        }
    }
}
