package org.pouw.cli.ml;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import org.pouw.cli.ExitCodes;
import org.pouw.cli.Printer;
import org.pouw.worker.NodeClient;
import tools.jackson.databind.JsonNode;

/** Follows a training task on a node: a line whenever its job changes hands or state, then the verdict. */
final class TaskFollower {
    private static final Duration PATIENCE = Duration.ofHours(6);

    private TaskFollower() {
    }

    /** Polls until the task leaves {@code proving}; OK when proven (saving the model if asked), REFUSED otherwise. */
    static int follow(NodeClient node, Printer printer, String id, Path model) throws InterruptedException {
        String seen = "";
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode task = node.getJson("/v1/ml/tasks/" + id);
            JsonNode job = task.path("job");
            String now = job.path("status").asString() + "/" + job.path("attempts").asInt() + "/"
                    + job.path("committed").asBoolean();
            if (!now.equals(seen)) {
                seen = now;
                printer.line("job " + describe(job));
            }
            if (!task.path("status").asString().equals("proving")) {
                return finish(node, printer, task, id, model);
            }
            Thread.sleep(500);
        }
        printer.line("task " + Printer.shortId(id) + " is still being trained; check later with pouw ml task status " + id);
        return ExitCodes.REFUSED;
    }

    static String describe(JsonNode job) {
        String status = job.path("status").asString();
        return switch (status) {
            case "pending" -> job.path("attempts").asInt() == 0 ? "waiting for a worker"
                    : "back in the queue after " + job.path("last_error").asString();
            case "in_progress" -> job.path("committed").asBoolean()
                    ? "trained by " + shortDid(job.path("lease_holder").asString())
                            + ", who committed to every step; the node has drawn the steps to audit"
                    : "being trained by " + shortDid(job.path("lease_holder").asString()) + " (attempt "
                            + job.path("attempts").asInt() + ")";
            default -> status + (job.path("last_error").asString("").isEmpty() ? ""
                    : ": " + job.path("last_error").asString());
        };
    }

    /** did:key addresses share their first characters; the end tells workers apart. */
    static String shortDid(String did) {
        return did.length() > 20 ? "did:key:…" + did.substring(did.length() - 8) : did;
    }

    private static int finish(NodeClient node, Printer printer, JsonNode task, String id, Path model) {
        String status = task.path("status").asString();
        JsonNode quality = task.path("quality");
        if (!status.equals("proven")) {
            printer.print(task, "task " + Printer.shortId(id) + " " + status);
            return ExitCodes.REFUSED;
        }
        printer.print(task, String.format(Locale.ROOT,
                "verified: held-out accuracy %.2f %%, loss %.4f on %d records; target %s; %d of %d steps audited",
                100 * quality.path("accuracy").asDouble(), quality.path("loss").asDouble(),
                quality.path("samples").asLong(), quality.path("target_met").asBoolean() ? "met" : "missed",
                quality.path("audited_steps").asInt(), quality.path("steps").asLong()));
        if (model != null) {
            byte[] bytes = node.getBytes("/v1/ml/tasks/" + id + "/model");
            OutputFile.write(model, bytes, "--model");
            printer.line(String.format(Locale.ROOT, "model saved to %s (%,d bytes); score it with: pouw ml evaluate --model %s"
                    + " and the same data options", model, bytes.length, model));
        }
        return ExitCodes.OK;
    }
}
