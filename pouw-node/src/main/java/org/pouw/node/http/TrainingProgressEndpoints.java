package org.pouw.node.http;

import java.util.List;
import org.pouw.core.PouwException;
import org.pouw.core.id.Did;
import org.pouw.core.id.JobId;
import org.pouw.core.market.TrainingProgress;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code POST /v1/pouw/jobs/{id}/progress}: the holder of an ml-train job's lease reports the step it trained and that
 * step's mini-batch loss, published as an {@code ml.task.progress} event (docs/api.md, "Training progress"). Display
 * only; the bounds and the threat model are {@link TrainingProgress}'s.
 */
public final class TrainingProgressEndpoints implements Endpoints {
    private final TrainingProgress progress;

    public TrainingProgressEndpoints(TrainingProgress progress) {
        this.progress = progress;
    }

    @Override
    public void register(RouteTable routes) {
        routes.post("/v1/pouw/jobs/{id}/progress", this::report);
    }

    private void report(ApiCall call) {
        Did prover = Did.of(call.caller());
        String id = call.pathParam("id");
        if (!JobId.isWellFormed(id)) {
            throw PouwException.notFound("job " + id);
        }
        call.logJobId(id);
        RequestBody body = call.body(List.of("lease_token", "step", "loss", "accuracy"));
        String token = body.string("lease_token");
        TrainingProgress.Report report = new TrainingProgress.Report(body.integer("step"), number(body, "loss"),
                body.has("accuracy") ? number(body, "accuracy") : null);
        TrainingProgress.Published published = progress.report(JobId.of(id), prover, token, report);
        ObjectNode out = ApiJson.object();
        out.put("job_id", published.jobId().hex());
        out.put("step", published.step());
        out.put("event_seq", published.eventSeq());
        out.put("next_report_in_ms", published.nextReportInMs());
        call.json(out);
    }

    private static double number(RequestBody body, String field) {
        JsonNode node = body.node(field);
        if (!node.isNumber()) {
            throw PouwException.invalid(field, "must be a number");
        }
        return node.doubleValue();
    }
}
