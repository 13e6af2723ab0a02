package org.pouw.client;

import java.net.URI;
import java.net.http.HttpRequest;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The operator's verbs (docs/api.md "Operating the market"), for the node's admin key (403 for any other): pause and
 * resume claiming, ban and unban provers, cancel jobs and intents with their fee refunded, and the token secrets'
 * fingerprints. Answers are the node's JSON as it came; each change carries its {@code action} record.
 */
public final class AdminApi {
    private final NodeConnection connection;

    AdminApi(NodeConnection connection) {
        this.connection = connection;
    }

    /** Whether claiming is paused, since when, by whom and why. */
    public JsonNode claiming() {
        return signedGet("/v1/admin/claiming");
    }

    public JsonNode pauseClaiming(String reason) {
        return connection.post("/v1/admin/claiming/pause", reason(reason));
    }

    public JsonNode resumeClaiming() {
        return connection.post("/v1/admin/claiming/resume", NodeConnection.JSON.createObjectNode());
    }

    public JsonNode bans() {
        return signedGet("/v1/admin/bans");
    }

    /** Bans a prover: its claims and submissions are refused and its live leases end. */
    public JsonNode ban(String proverDid, String reason) {
        return connection.post("/v1/admin/provers/" + NodeConnection.segment(proverDid) + "/ban", reason(reason));
    }

    public JsonNode unban(String proverDid) {
        return connection.post("/v1/admin/provers/" + NodeConnection.segment(proverDid) + "/unban",
                NodeConnection.JSON.createObjectNode());
    }

    /** Cancels a job; its reserved fee goes back to its requester once. */
    public JsonNode cancelJob(String jobId, String reason) {
        return connection.post("/v1/admin/jobs/" + NodeConnection.segment(jobId) + "/cancel", reason(reason));
    }

    /** Cancels every job of an intent still holding its fee. */
    public JsonNode cancelIntent(String intentId, String reason) {
        return connection.post("/v1/admin/intents/" + NodeConnection.segment(intentId) + "/cancel", reason(reason));
    }

    /** The fingerprints of the secrets this node issues and accepts tokens with ({@code issuing}, {@code accepted}). */
    public JsonNode tokenSecrets() {
        return signedGet("/v1/admin/token-secrets");
    }

    /**
     * Makes the node take up its token secret files as they are now (a rotation's step, written by
     * {@code pouw node rotate-token-secret} on the node's host); answers the fingerprints it holds afterwards.
     */
    public JsonNode reloadTokenSecrets() {
        return connection.post("/v1/admin/token-secrets/reload", NodeConnection.JSON.createObjectNode());
    }

    /** A GET with the bearer token: these reads are the admin's alone. */
    private JsonNode signedGet(String path) {
        return connection.expectJson(connection.authorizedRequest(bearer -> HttpRequest.newBuilder(
                URI.create(connection.base() + path)).header("Authorization", "Bearer " + bearer).GET().build()));
    }

    private static ObjectNode reason(String reason) {
        ObjectNode body = NodeConnection.JSON.createObjectNode();
        if (reason != null && !reason.isBlank()) {
            body.put("reason", reason);
        }
        return body;
    }
}
