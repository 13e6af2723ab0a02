package org.pouw.cli.ml;

import java.time.Duration;
import java.util.Locale;
import org.pouw.cli.ExitCodes;
import org.pouw.cli.Printer;
import org.pouw.client.PouwClient;
import org.pouw.client.ml.MlSweep;
import tools.jackson.databind.JsonNode;

/** Follows a sweep: a progress line whenever another of its tasks is verified or ends, then the report table. */
final class SweepFollower {
    private static final Duration PATIENCE = Duration.ofHours(24);

    private SweepFollower() {
    }

    static int follow(PouwClient node, Printer printer, String id) throws InterruptedException {
        String seen = "";
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (System.nanoTime() < deadline) {
            MlSweep sweep = node.ml().sweep(id);
            String line = progressLine(sweep);
            if (!line.equals(seen)) {
                seen = line;
                printer.line(line);
            }
            if (!sweep.running()) {
                printer.print(sweep.json(), table(sweep));
                return sweep.status().equals("completed") ? ExitCodes.OK : ExitCodes.REFUSED;
            }
            Thread.sleep(1000);
        }
        printer.line("sweep " + id + " is still running; check later with pouw ml sweep status " + id);
        return ExitCodes.REFUSED;
    }

    /** {@code [=====>     ] 7/20 tasks verified, 2 training (sweep 3f…)}. */
    static String progressLine(MlSweep sweep) {
        int training = 0;
        int ended = 0;
        for (JsonNode job : sweep.json().path("jobs")) {
            String status = job.path("status").asString("");
            if (status.equals("in_progress")) {
                training++;
            } else if (!status.equals("pending") && !status.equals("completed")) {
                ended++;
            }
        }
        double fraction = sweep.jobsTotal() == 0 ? 0 : (double) sweep.jobsDone() / sweep.jobsTotal();
        return String.format(Locale.ROOT, "%s %d/%d tasks verified, %d training%s (%s)",
                TerminalProgressBar.bar(fraction, 20), sweep.jobsDone(), sweep.jobsTotal(), training,
                ended == 0 ? "" : ", " + ended + " ended unverified", sweep.status());
    }

    /** One row per configuration: index, settings, folds verified, mean ± std of the accuracy; the best marked. */
    static String table(MlSweep sweep) {
        StringBuilder out = new StringBuilder(String.format(Locale.ROOT, "sweep %s  %s  %d/%d tasks verified%n",
                sweep.sweepId(), sweep.status(), sweep.jobsDone(), sweep.jobsTotal()));
        out.append(String.format(Locale.ROOT, "%-4s %-48s %-7s %s%n", "#", "settings", "folds", "accuracy mean ± std"));
        for (JsonNode row : sweep.json().path("configurations")) {
            int index = row.path("configuration").asInt();
            String accuracy = row.path("mean").isNumber()
                    ? String.format(Locale.ROOT, "%.2f %% ± %.2f", 100 * row.path("mean").asDouble(),
                            100 * row.path("std").asDouble())
                    : "—";
            out.append(String.format(Locale.ROOT, "%-4d %-48s %-7s %s%s%n", index, row.path("settings").toString(),
                    row.path("folds_verified").asInt() + "/" + sweep.json().path("folds").asInt(), accuracy,
                    index == sweep.best() ? "  ← best" : ""));
        }
        JsonNode cancelled = sweep.json().path("cancelled");
        if (cancelled.path("jobs").asInt() > 0) {
            out.append(String.format(Locale.ROOT, "cancelled: %d tasks, %,d refunded%n", cancelled.path("jobs").asInt(),
                    cancelled.path("refunded").asLong()));
        }
        JsonNode retrain = sweep.json().path("final");
        if (retrain.isObject()) {
            out.append("final retrain: ").append(retrain.path("status").asString(""));
            if (retrain.path("intent_id").isString()) {
                out.append(" ").append(retrain.path("intent_id").asString()).append(" (")
                        .append(retrain.path("task_status").asString("")).append(")");
            }
            if (retrain.path("accuracy").isNumber()) {
                out.append(String.format(Locale.ROOT, ", %.2f %% on the data it trained on",
                        100 * retrain.path("accuracy").asDouble()));
            }
            if (!retrain.path("note").asString("").isEmpty()) {
                out.append(" — ").append(retrain.path("note").asString(""));
            }
            out.append(System.lineSeparator());
        }
        return out.toString().stripTrailing();
    }
}
