package org.pouw.node.config;

import java.util.List;

/**
 * Whether this node joins the peer-to-peer network of its chain (issue 20, docs/network.md), where it listens, whom
 * it dials at start (and again whenever that link is down), and the file of its Ed25519 node key (its peer id);
 * empty: {@code p2p.key} in the data folder, created on first start.
 */
public record P2pSettings(boolean enabled, String listenHost, int listenPort, List<Address> bootstrap,
                          String keyFile) {
    public P2pSettings {
        bootstrap = List.copyOf(bootstrap);
    }

    /** A peer's host and port. */
    public record Address(String host, int port) {
        @Override
        public String toString() {
            return host + ":" + port;
        }
    }

    /**
     * Reads {@code host:port} (an IPv6 host in brackets), naming {@code setting} in the error; port 0 only where
     * {@code anyPort} (a listener picking a free port).
     */
    public static Address address(String setting, String text, boolean anyPort) {
        String value = text.strip();
        int colon = value.lastIndexOf(':');
        if (colon <= 0 || colon == value.length() - 1) {
            throw new ConfigException(setting + " must be host:port, got '" + text + "'");
        }
        String host = value.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port;
        try {
            port = Integer.parseInt(value.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new ConfigException(setting + " must be host:port with a numeric port, got '" + text + "'");
        }
        if (port < (anyPort ? 0 : 1) || port > 65_535 || host.isBlank() || host.contains(" ")) {
            throw new ConfigException(setting + " must be host:port with a port " + (anyPort ? 0 : 1)
                    + " to 65535, got '" + text + "'");
        }
        return new Address(host, port);
    }
}
