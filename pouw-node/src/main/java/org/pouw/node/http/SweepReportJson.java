package org.pouw.node.http;

import java.util.Optional;
import org.pouw.core.id.IntentId;
import org.pouw.core.job.Intent;
import org.pouw.core.job.Job;
import org.pouw.core.job.JobStatus;
import org.pouw.core.market.RequesterCancellation;
import org.pouw.core.port.Storage;
import org.pouw.core.port.SweepStore;
import org.pouw.ml.sweep.SweepReport;
import org.pouw.ml.task.TargetMetric;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.NullNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A sweep as {@code GET /v1/ml/sweeps/{id}} answers it: each task's state and verified held-out accuracy and loss, and
 * per configuration the folds verified so far with the mean ± sample standard deviation of their accuracy
 * ({@link SweepReport}: summed in fold order). The best configuration (highest mean accuracy, ties to the lower
 * index) is named once every task is verified; {@code status} is {@code running} until each task is completed or has
 * ended otherwise: {@code completed}, {@code cancelled} when its requester cancelled some task, or
 * {@code finished_with_failures} when some task did not complete. {@code cancelled} counts the tasks cancelled and
 * the fees refunded; {@code final} says what became of the final retrain, when one was asked for.
 */
final class SweepReportJson {
    private SweepReportJson() {
    }

    static ObjectNode of(String sweepId, JsonNode manifest, Storage storage) {
        int folds = manifest.path("folds").asInt();
        JsonNode configurations = manifest.path("configurations");
        double[][] accuracy = new double[configurations.size()][folds];
        int[] verified = new int[configurations.size()];
        ArrayNode jobs = ApiJson.array();
        int done = 0;
        int ended = 0;
        int cancelled = 0;
        long refunded = 0;
        for (JsonNode entry : manifest.path("jobs")) {
            int c = entry.path("configuration").asInt();
            int f = entry.path("fold").asInt();
            Optional<Job> job = job(storage, entry.path("intent_id").asString(""));
            ObjectNode out = ApiJson.object().put("configuration", c).put("fold", f)
                    .put("intent_id", entry.path("intent_id").asString(""))
                    .put("task_id", entry.path("task_id").asString(""));
            boolean cancelledJob = job.isPresent() && RequesterCancellation.wasCancelled(job.get());
            String status = cancelledJob ? "cancelled" : job.map(j -> j.status().wire()).orElse("unknown");
            out.put("status", status);
            if (cancelledJob) {
                cancelled++;
                refunded += job.get().feeBudget();
            }
            if (job.isPresent() && job.get().status() == JobStatus.COMPLETED) {
                JsonNode quality = ApiJson.embedded(job.get().resultInfo());
                double a = quality.path("accuracy").asDouble(Double.NaN);
                accuracy[c][f] = a;
                verified[c]++;
                done++;
                ended++;
                out.put("accuracy", a).put("loss", quality.path("loss").asDouble(Double.NaN));
            } else {
                if (job.isPresent() && !job.get().status().isOpen()) {
                    ended++;
                }
                out.putNull("accuracy").putNull("loss");
            }
            jobs.add(out);
        }
        int total = manifest.path("jobs").size();
        ObjectNode report = ApiJson.object();
        report.put("sweep_id", sweepId);
        report.put("name", manifest.path("name").asString(""));
        report.put("status", ended < total ? "running" : done == total ? "completed"
                : cancelled > 0 ? "cancelled" : "finished_with_failures");
        report.put("folds", folds);
        report.put("hold_out_every", manifest.path("hold_out_every").asInt());
        report.put("jobs_total", total);
        report.put("jobs_done", done);
        report.put("metric", "accuracy");
        ArrayNode rows = ApiJson.array();
        for (int c = 0; c < configurations.size(); c++) {
            ObjectNode row = ApiJson.object().put("configuration", c);
            row.set("settings", configurations.get(c));
            row.put("folds_verified", verified[c]);
            if (verified[c] == folds) {
                SweepReport.Row stats = SweepReport.of(TargetMetric.Metric.ACCURACY, new double[][] {accuracy[c]})
                        .rows().get(0);
                row.put("mean", stats.mean()).put("std", stats.deviation());
            } else {
                row.putNull("mean").putNull("std");
            }
            rows.add(row);
        }
        report.set("configurations", rows);
        if (done == total) {
            report.put("best", SweepReport.of(TargetMetric.Metric.ACCURACY, accuracy).best());
        } else {
            report.putNull("best");
        }
        if (manifest.has("search")) {
            report.set("search", manifest.path("search"));
        }
        report.set("cancelled", ApiJson.object().put("jobs", cancelled).put("refunded", refunded));
        report.set("final", finalRetrain(storage, sweepId));
        report.set("jobs", jobs);
        return report;
    }

    /** Null when no final retrain was asked for; else its state, and once posted its task's. */
    private static JsonNode finalRetrain(Storage storage, String sweepId) {
        Optional<SweepStore.Sweep> row = storage.read(tx -> tx.sweeps().find(sweepId));
        if (row.isEmpty() || !row.get().finalWanted()) {
            return NullNode.getInstance();
        }
        SweepStore.Sweep sweep = row.get();
        ObjectNode out = ApiJson.object();
        if (sweep.finalIntentId().isEmpty()) {
            out.put("status", sweep.finalNote().isEmpty() ? "waiting" : "not_posted").putNull("intent_id")
                    .putNull("task_status").putNull("accuracy");
        } else {
            Optional<Job> job = job(storage, sweep.finalIntentId());
            out.put("status", "posted").put("intent_id", sweep.finalIntentId())
                    .put("task_status", job.map(j -> j.status().wire()).orElse("unknown"));
            if (job.isPresent() && job.get().status() == JobStatus.COMPLETED) {
                out.put("accuracy", ApiJson.embedded(job.get().resultInfo()).path("accuracy").asDouble(Double.NaN));
            } else {
                out.putNull("accuracy");
            }
        }
        return out.put("note", sweep.finalNote());
    }

    private static Optional<Job> job(Storage storage, String intentId) {
        if (!IntentId.isWellFormed(intentId)) {
            return Optional.empty();
        }
        return storage.read(tx -> tx.jobs().intent(IntentId.of(intentId))
                .map(Intent::jobIds)
                .filter(ids -> !ids.isEmpty())
                .flatMap(ids -> tx.jobs().find(ids.get(0))));
    }
}
