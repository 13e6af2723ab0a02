package org.pouw.node.config;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/**
 * Checks, before the node opens anything, that the ports it will listen on are free. Without it a taken port
 * surfaced as a stack trace from the HTTP server and a banner claiming port -1 (issue 25, defect 1); now it is one
 * line naming the setting, and nothing has been opened or written. A port taken between this check and the real
 * bind is still refused by the server itself; this only gives the common case its clear error.
 */
public final class ListenPorts {
    private ListenPorts() {
    }

    public static void requireFree(NodeConfig config) {
        requireFree("http.port", config.httpHost(), config.httpPort());
        if (config.p2p().enabled()) {
            requireFree("p2p.listen_port", config.p2p().listenHost(), config.p2p().listenPort());
        }
    }

    static void requireFree(String setting, String host, int port) {
        if (port == 0) {
            return; // the system picks a free one
        }
        try (ServerSocket probe = new ServerSocket()) {
            // The server binds with SO_REUSEADDR too, so a port in TIME_WAIT is not reported as taken.
            probe.setReuseAddress(true);
            probe.bind(new InetSocketAddress(host, port));
        } catch (IOException e) {
            throw new ConfigException(setting + ": cannot listen on " + host + ":" + port + " ("
                    + e.getMessage() + "); is another node running there? Pick another port");
        }
    }
}
