package org.pouw.client;

import org.pouw.client.system.SystemStatus;

/** How the node is doing: mode, queue, version, uptime. */
public final class SystemApi {
    private final NodeConnection connection;

    SystemApi(NodeConnection connection) {
        this.connection = connection;
    }

    public SystemStatus status() {
        return SystemStatus.from(connection.get("/v1/pouw/system/status"));
    }

    /**
     * Asks {@code /healthz} (the process answers) or, with {@code ready}, {@code /readyz} (its database answers
     * too); returns the node's status word, or throws the node's 503 {@link NodeException} when it is not ready.
     */
    public String health(boolean ready) {
        return connection.get(ready ? "/readyz" : "/healthz").path("status").asString("");
    }
}
