package org.pouw.p2p.peers;

import java.time.Instant;
import java.util.Optional;
import org.pouw.crypto.DidKey;

/**
 * An address a peer listens on, with the peer id last seen there (empty until a handshake there succeeded).
 */
public record KnownAddress(String host, int port, String peerId, Instant lastSeen) {
    public KnownAddress {
        if (host == null || host.isBlank() || host.length() > 255) {
            throw new IllegalArgumentException("host must be 1 to 255 characters");
        }
        if (port < 1 || port > 65_535) {
            throw new IllegalArgumentException("port must be 1 to 65535, got " + port);
        }
        peerId = peerId == null ? "" : peerId;
        if (!peerId.isEmpty() && !DidKey.isValid(peerId)) {
            throw new IllegalArgumentException("peer_id must be an Ed25519 did:key, got " + peerId);
        }
        if (lastSeen == null) {
            throw new IllegalArgumentException("last_seen is required");
        }
    }

    /** Reads {@code host:port} or {@code [v6]:port}; empty when the text is not one. */
    public static Optional<KnownAddress> parse(String hostPort, String peerId, Instant lastSeen) {
        int colon = hostPort.lastIndexOf(':');
        if (colon <= 0 || colon == hostPort.length() - 1) {
            return Optional.empty();
        }
        String host = hostPort.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        try {
            return Optional.of(new KnownAddress(host, Integer.parseInt(hostPort.substring(colon + 1)),
                    peerId, lastSeen));
        } catch (IllegalArgumentException notAnAddress) {
            return Optional.empty();
        }
    }

    public String hostAndPort() {
        return host.contains(":") ? "[" + host + "]:" + port : host + ":" + port;
    }
}
