package org.pouw.cli.ml;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.pouw.cli.ClientOptions;
import org.pouw.cli.CursorPageOptions;
import org.pouw.cli.ExitCodes;
import org.pouw.client.PouwClient;
import org.pouw.client.ml.MlSweepList;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code pouw ml sweep list}: the caller's own sweeps, newest first, one line each — how to find a sweep whose
 * {@code submit} got no answer (a sweep is posted whole or not at all).
 */
@Command(name = "list", mixinStandardHelpOptions = true, description = "List your sweeps, newest first.")
final class SweepListCommand implements Callable<Integer> {
    @Mixin
    ClientOptions client;

    @Mixin
    CursorPageOptions page;

    @Override
    public Integer call() {
        try (PouwClient node = client.client()) {
            MlSweepList sweeps = node.ml().mySweeps(page.limit, page.cursor);
            List<String> rows = new ArrayList<>();
            for (MlSweepList.Row row : sweeps.sweeps()) {
                rows.add(row.sweepId() + "  " + row.jobsVerified() + "/" + row.jobsTotal() + " verified  "
                        + (row.following() ? "running" : "ended") + (row.finalRetrain() ? "  final retrain" : "")
                        + "  " + Instant.ofEpochMilli(row.createdAtMs()));
            }
            client.printer().print(sweeps.json(), CursorPageOptions.lines(rows, "sweeps", sweeps.nextCursor()));
            return ExitCodes.OK;
        }
    }
}
