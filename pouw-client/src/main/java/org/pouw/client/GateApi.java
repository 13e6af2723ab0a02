package org.pouw.client;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The gate (docs/api.md "Gate"): challenges, work receipts and access tokens. Signed objects travel as the exact
 * bytes they were signed over, so challenges come back and receipts go out as text, never re-serialised here.
 * Receipts and token requests are public calls; {@link #submitReceiptSignedIn} adds this client's login token so a
 * replay is told its stored result.
 */
public final class GateApi {
    private final NodeConnection connection;

    GateApi(NodeConnection connection) {
        this.connection = connection;
    }

    /**
     * A challenge for {@code did}: {@code kind} {@code hashcash} (with {@code difficulty} bits asked, 0 for the
     * node's) or {@code useful} (naming {@code job}). Returns the signed challenge's JSON text as the node sent it.
     */
    public String challenge(String did, String kind, int difficulty, String job) {
        ObjectNode body = NodeConnection.JSON.createObjectNode().put("did", did).put("kind", kind);
        if (difficulty > 0) {
            body.put("difficulty", difficulty);
        }
        if (job != null) {
            body.put("job", job);
        }
        HttpResponse<byte[]> response = connection.exchangePublic(HttpRequest.newBuilder(path("/v1/challenges"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(NodeConnection.JSON.writeValueAsString(body))));
        connection.expectJson(response);
        return new String(response.body(), StandardCharsets.US_ASCII);
    }

    /** Submits a signed receipt for a reward, without signing in. */
    public JsonNode submitReceipt(String receipt) {
        return connection.expectJson(connection.exchangePublic(jsonPost("/v1/receipts", receipt)));
    }

    /** Submits a signed receipt with this client's login token, so a replay answers the stored result. */
    public JsonNode submitReceiptSignedIn(String receipt) {
        return connection.expectJson(connection.authorizedRequest(bearer -> {
            HttpRequest.Builder request = jsonPost("/v1/receipts", receipt);
            return request.header("Authorization", "Bearer " + bearer).build();
        }));
    }

    /** {@code POST /v1/tokens} with a request body in one of the four modes; the answer holds {@code token}. */
    public JsonNode token(String request) {
        return connection.expectJson(connection.exchangePublic(jsonPost("/v1/tokens", request)));
    }

    /** The node's published challenge and token public keys. */
    public JsonNode keys() {
        return connection.get("/v1/gate/keys");
    }

    /**
     * Registers a partner with its token budget; needs the node's admin key (403 otherwise), 409 if registered
     * already (docs/api.md "Partners").
     */
    public JsonNode addPartner(String partner, long tokensPerInterval, long intervalMs) {
        return connection.post("/v1/admin/partners", NodeConnection.JSON.createObjectNode().put("partner", partner)
                .put("tokens_per_interval", tokensPerInterval).put("interval_ms", intervalMs));
    }

    /** Issues the partner a key, shown in this answer only ({@code key}); 409 {@code key_limit} at two unrevoked. */
    public JsonNode issuePartnerKey(String partner) {
        return connection.post("/v1/admin/partners/" + NodeConnection.segment(partner) + "/keys",
                NodeConnection.JSON.createObjectNode());
    }

    /** Revokes the partner's key with this prefix, at every node sharing the database at once. */
    public JsonNode revokePartnerKey(String partner, String prefix) {
        return connection.post("/v1/admin/partners/" + NodeConnection.segment(partner) + "/keys/"
                + NodeConnection.segment(prefix) + "/revoke", NodeConnection.JSON.createObjectNode());
    }

    /** Sets a registered partner's token budget. */
    public JsonNode setPartnerBudget(String partner, long tokensPerInterval, long intervalMs) {
        return connection.post("/v1/admin/partners/" + NodeConnection.segment(partner) + "/budget",
                NodeConnection.JSON.createObjectNode().put("tokens_per_interval", tokensPerInterval)
                        .put("interval_ms", intervalMs));
    }

    /** Every partner with its budget and its keys by prefix (admin key). */
    public JsonNode partners() {
        return connection.expectJson(connection.authorizedRequest(bearer -> HttpRequest.newBuilder(
                path("/v1/admin/partners")).header("Authorization", "Bearer " + bearer).GET().build()));
    }

    private HttpRequest.Builder jsonPost(String path, String body) {
        return HttpRequest.newBuilder(path(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.US_ASCII));
    }

    private URI path(String path) {
        return URI.create(connection.base() + path);
    }
}
