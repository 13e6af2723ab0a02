package org.pouw.client;

import java.net.URI;
import java.net.http.HttpRequest;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The node's view of the peer-to-peer network (docs/api.md "The network"): its status for anyone; its peers,
 * manual connections and bans for the node's admin key (403 for any other). A node without {@code p2p.enabled}
 * answers 404 {@code p2p_disabled}.
 */
public final class NetApi {
    private final NodeConnection connection;

    NetApi(NodeConnection connection) {
        this.connection = connection;
    }

    /** Peers by purpose, inbound and outbound totals, the address manager's tables, bans, whether the tip is stale. */
    public JsonNode status() {
        return connection.get("/v1/net/status");
    }

    /** The connected peers, ordered by peer id (admin). */
    public JsonNode peers() {
        return adminGet("/v1/net/peers");
    }

    /** Connects to {@code host:port} outside the outbound slots; the answer names the peer id that answered. */
    public JsonNode addPeer(String address) {
        return connection.post("/v1/net/peers", NodeConnection.JSON.createObjectNode().put("address", address));
    }

    /** Ends the link to a connected peer. */
    public JsonNode removePeer(String peerId) {
        return connection.post("/v1/net/peers/" + NodeConnection.segment(peerId) + "/disconnect",
                NodeConnection.JSON.createObjectNode());
    }

    /** The bans in force (admin). */
    public JsonNode bans() {
        return adminGet("/v1/net/bans");
    }

    /** Bans a peer id or an IP address for {@code seconds} and ends its links; reason may be null. */
    public JsonNode ban(String subject, long seconds, String reason) {
        ObjectNode body = NodeConnection.JSON.createObjectNode().put("subject", subject).put("duration_s", seconds);
        if (reason != null) {
            body.put("reason", reason);
        }
        return connection.post("/v1/net/bans", body);
    }

    /** Lifts the ban of a peer id or address at once. */
    public JsonNode unban(String subject) {
        return connection.post("/v1/net/bans/" + NodeConnection.segment(subject) + "/lift",
                NodeConnection.JSON.createObjectNode());
    }

    private JsonNode adminGet(String path) {
        return connection.expectJson(connection.authorizedRequest(bearer -> HttpRequest.newBuilder(
                URI.create(connection.base() + path)).header("Authorization", "Bearer " + bearer).GET().build()));
    }
}
