package org.pouw.cli.ml;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import org.pouw.cli.ExitCodes;
import org.pouw.cli.Printer;
import org.pouw.client.PouwClient;
import org.pouw.client.jobs.NodeJob;
import org.pouw.client.ml.MlTask;
import org.pouw.client.ml.TrainingQuality;

/** Follows a training task on a node: a line whenever its job changes hands or state, then the verdict. */
final class TaskFollower {
    private static final Duration PATIENCE = Duration.ofHours(6);

    private TaskFollower() {
    }

    /** Polls until the task leaves {@code proving}; OK when proven (saving the model if asked), REFUSED otherwise. */
    static int follow(PouwClient node, Printer printer, String id, Path model) throws InterruptedException {
        String seen = "";
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (System.nanoTime() < deadline) {
            MlTask task = node.ml().task(id);
            NodeJob job = task.job();
            String now = job.status() + "/" + job.attempts() + "/" + job.committed();
            if (!now.equals(seen)) {
                seen = now;
                printer.line("job " + describe(job));
            }
            if (!task.status().equals("proving")) {
                return finish(node, printer, task, id, model);
            }
            Thread.sleep(500);
        }
        printer.line("task " + Printer.shortId(id) + " is still being trained; check later with pouw ml task status " + id);
        return ExitCodes.REFUSED;
    }

    static String describe(NodeJob job) {
        String status = job.status();
        return switch (status) {
            case "pending" -> job.attempts() == 0 ? "waiting for a worker"
                    : "back in the queue after " + job.lastError();
            case "in_progress" -> job.committed()
                    ? "trained by " + shortDid(job.leaseHolder())
                            + ", who committed to every step; the node has drawn the steps to audit"
                    : "being trained by " + shortDid(job.leaseHolder()) + " (attempt " + job.attempts() + ")";
            default -> status + (job.lastError().isEmpty() ? "" : ": " + job.lastError());
        };
    }

    /** did:key addresses share their first characters; the end tells workers apart. */
    static String shortDid(String did) {
        return did.length() > 20 ? "did:key:…" + did.substring(did.length() - 8) : did;
    }

    private static int finish(PouwClient node, Printer printer, MlTask task, String id, Path model) {
        String status = task.status();
        if (!status.equals("proven")) {
            printer.print(task.json(), "task " + Printer.shortId(id) + " " + status);
            return ExitCodes.REFUSED;
        }
        // A proven task has its quality; a node that sent none shows zeros rather than failing the command.
        TrainingQuality quality = task.quality() != null ? task.quality()
                : new TrainingQuality(0, 0, 0, "", 0, false, 0, 0);
        printer.print(task.json(), String.format(Locale.ROOT,
                "verified: held-out accuracy %.2f %%, loss %.4f on %d records; target %s; %d of %d steps audited",
                100 * quality.accuracy(), quality.loss(), quality.samples(), quality.targetMet() ? "met" : "missed",
                quality.auditedSteps(), quality.steps()));
        if (model != null) {
            byte[] bytes = node.ml().model(id);
            OutputFile.write(model, bytes, "--model");
            printer.line(String.format(Locale.ROOT, "model saved to %s (%,d bytes); score it with: pouw ml evaluate --model %s"
                    + " and the same data options", model, bytes.length, model));
        }
        return ExitCodes.OK;
    }
}
