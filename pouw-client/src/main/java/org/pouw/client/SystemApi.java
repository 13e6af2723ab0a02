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
}
