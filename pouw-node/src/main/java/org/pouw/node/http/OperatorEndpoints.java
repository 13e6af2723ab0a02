package org.pouw.node.http;

import java.util.List;
import org.pouw.core.PouwException;
import org.pouw.core.Problem;
import org.pouw.core.id.Did;
import org.pouw.core.id.IntentId;
import org.pouw.core.id.JobId;
import org.pouw.core.job.Job;
import org.pouw.core.market.MarketOperator;
import org.pouw.core.operator.AdminAction;
import org.pouw.core.operator.ClaimingPause;
import org.pouw.core.operator.ProverBan;
import org.pouw.node.auth.TokenSecretReload;
import org.pouw.node.auth.Tokens;
import org.pouw.node.config.ConfigException;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The operator's verbs over HTTP, for the node's admin key only (issue 25, defect 8; docs/api.md "Operating the
 * market"): pause and resume claiming, ban and unban a prover, cancel a job or an intent, and the token secrets'
 * fingerprints for checking a rotation, and the reload that makes a rotation's step take effect. Every answer that
 * changed something carries its {@code admin.action} record.
 */
public final class OperatorEndpoints implements Endpoints {
    private static final int MAX_BANS = 1_000;

    private final MarketOperator operator;
    private final Tokens tokens;
    private final TokenSecretReload reload;

    public OperatorEndpoints(MarketOperator operator, Tokens tokens, TokenSecretReload reload) {
        this.operator = operator;
        this.tokens = tokens;
        this.reload = reload;
    }

    @Override
    public void register(RouteTable routes) {
        routes.get("/v1/admin/claiming", this::claiming);
        routes.post("/v1/admin/claiming/pause", this::pause);
        routes.post("/v1/admin/claiming/resume", this::resume);
        routes.get("/v1/admin/bans", this::bans);
        routes.post("/v1/admin/provers/{did}/ban", this::ban);
        routes.post("/v1/admin/provers/{did}/unban", this::unban);
        routes.post("/v1/admin/jobs/{id}/cancel", this::cancelJob);
        routes.post("/v1/admin/intents/{id}/cancel", this::cancelIntent);
        routes.get("/v1/admin/token-secrets", this::tokenSecrets);
        routes.post("/v1/admin/token-secrets/reload", this::reloadTokenSecrets);
    }

    private void claiming(ApiCall call) {
        call.admin();
        call.json(claimingJson(operator.claimingPause().orElse(null)));
    }

    private void pause(ApiCall call) {
        Did admin = Did.of(call.admin());
        String reason = call.body(List.of("reason")).string("reason", "");
        MarketOperator.Outcome outcome = operator.pauseClaiming(admin, reason);
        ObjectNode out = claimingJson(operator.claimingPause().orElse(null));
        out.set("action", actionJson(outcome.action()));
        call.json(out);
    }

    private void resume(ApiCall call) {
        Did admin = Did.of(call.admin());
        MarketOperator.Outcome outcome = operator.resumeClaiming(admin);
        ObjectNode out = claimingJson(null);
        out.set("action", actionJson(outcome.action()));
        call.json(out);
    }

    private void bans(ApiCall call) {
        call.admin();
        ObjectNode out = ApiJson.object();
        ArrayNode items = out.putArray("bans");
        operator.bans(MAX_BANS).forEach(ban -> items.add(banJson(ban)));
        call.json(out);
    }

    private void ban(ApiCall call) {
        Did admin = Did.of(call.admin());
        String prover = call.pathParam("did");
        String reason = call.body(List.of("reason")).string("reason", "");
        MarketOperator.Outcome outcome = operator.ban(admin, prover, reason);
        ObjectNode out = ApiJson.object();
        out.put("prover", prover);
        out.put("banned", true);
        ArrayNode ended = out.putArray("leases_ended");
        outcome.jobs().forEach(job -> ended.add(job.jobId().hex()));
        out.set("action", actionJson(outcome.action()));
        call.json(out);
    }

    private void unban(ApiCall call) {
        Did admin = Did.of(call.admin());
        String prover = call.pathParam("did");
        MarketOperator.Outcome outcome = operator.unban(admin, prover);
        ObjectNode out = ApiJson.object();
        out.put("prover", prover);
        out.put("banned", false);
        out.set("action", actionJson(outcome.action()));
        call.json(out);
    }

    private void cancelJob(ApiCall call) {
        Did admin = Did.of(call.admin());
        String text = call.pathParam("id");
        if (!JobId.isWellFormed(text)) {
            throw PouwException.notFound("job " + text);
        }
        String reason = call.body(List.of("reason")).string("reason", "");
        MarketOperator.Outcome outcome = operator.cancelJob(admin, JobId.of(text), reason);
        ObjectNode out = ApiJson.object();
        out.set("job", ApiJson.job(outcome.jobs().getFirst()));
        out.put("refund", outcome.refunded());
        out.set("action", actionJson(outcome.action()));
        call.json(out);
    }

    private void cancelIntent(ApiCall call) {
        Did admin = Did.of(call.admin());
        String text = call.pathParam("id");
        if (!IntentId.isWellFormed(text)) {
            throw PouwException.notFound("intent " + text);
        }
        String reason = call.body(List.of("reason")).string("reason", "");
        MarketOperator.Outcome outcome = operator.cancelIntent(admin, IntentId.of(text), reason);
        ObjectNode out = ApiJson.object();
        out.put("intent_id", text);
        out.put("status", "cancelled");
        ArrayNode jobs = out.putArray("jobs");
        for (Job job : outcome.jobs()) {
            jobs.add(ApiJson.job(job));
        }
        out.put("refund", outcome.refunded());
        out.set("action", actionJson(outcome.action()));
        call.json(out);
    }

    /**
     * The fingerprints of the secret this node issues tokens with and of the one it also accepts, never the secrets:
     * every node behind one address must accept what any of them issues, and comparing fingerprints across them is
     * how {@code pouw admin token-secrets} checks a rotation step before the next (docs/operations.md).
     */
    private void tokenSecrets(ApiCall call) {
        call.admin();
        call.json(fingerprintsJson());
    }

    /**
     * Re-reads the token secret files, the last act of each step of {@code pouw node rotate-token-secret}
     * (docs/operations.md): 409 naming the file when one is missing or short, and the node keeps the secrets it had.
     * Audited with the fingerprints before and after, never the secrets.
     */
    private void reloadTokenSecrets(ApiCall call) {
        call.admin();
        String before = tokens.issuingFingerprint() + "/" + tokens.acceptedFingerprint().orElse("-");
        try {
            reload.reload();
        } catch (ConfigException e) {
            throw new PouwException(Problem.CONFLICT, "the token secret files cannot be taken up, so this node keeps"
                    + " its secrets: " + e.getMessage());
        }
        call.auditNote().detail("before", before)
                .detail("after", tokens.issuingFingerprint() + "/" + tokens.acceptedFingerprint().orElse("-"));
        call.json(fingerprintsJson());
    }

    private ObjectNode fingerprintsJson() {
        ObjectNode out = ApiJson.object();
        out.put("issuing", tokens.issuingFingerprint());
        if (tokens.acceptedFingerprint().isPresent()) {
            out.put("accepted", tokens.acceptedFingerprint().get());
        } else {
            out.putNull("accepted");
        }
        return out;
    }

    static ObjectNode claimingJson(ClaimingPause pause) {
        ObjectNode out = ApiJson.object();
        out.put("claiming", pause == null ? "open" : "paused");
        if (pause != null) {
            out.put("since_ms", pause.sinceMs());
            out.put("paused_by", pause.pausedBy());
            out.put("reason", pause.reason());
        }
        return out;
    }

    private static ObjectNode banJson(ProverBan ban) {
        ObjectNode out = ApiJson.object();
        out.put("prover", ban.proverId());
        out.put("since_ms", ban.sinceMs());
        out.put("banned_by", ban.bannedBy());
        out.put("reason", ban.reason());
        return out;
    }

    private static ObjectNode actionJson(AdminAction action) {
        ObjectNode out = ApiJson.object();
        out.put("action", action.action());
        out.put("admin", action.admin());
        out.put("subject", action.subject());
        out.put("reason", action.reason());
        out.put("at_ms", action.atMs());
        ArrayNode seqs = out.putArray("ledger_seqs");
        action.ledgerSeqs().forEach(seqs::add);
        return out;
    }
}
