package org.pouw.client.system;

import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * {@code GET /v1/pouw/system/status}: how the node runs ({@code pouw_mode}, {@code zk_mode}, storage, work kinds),
 * its queue, and the last event's sequence number (where an event follower starts to see only what comes next).
 */
public record SystemStatus(String pouwMode, String zkMode, String version, long uptimeMs, String storage,
                           String nodeDid, List<String> kinds, QueueCounts queue, long lastEventSeq,
                           JsonNode json) {
    public static SystemStatus from(JsonNode json) {
        return new SystemStatus(json.path("pouw_mode").asString(""), json.path("zk_mode").asString(""),
                json.path("version").asString(""), json.path("uptime_ms").asLong(0),
                json.path("storage").asString(""), json.path("node_did").asString(""),
                json.path("kinds").valueStream().map(kind -> kind.asString("")).toList(),
                QueueCounts.from(json.path("queue")), json.path("last_event_seq").asLong(0), json);
    }
}
