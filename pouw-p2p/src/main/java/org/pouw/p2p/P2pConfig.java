package org.pouw.p2p;

import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import org.pouw.crypto.Ed25519;

/**
 * Everything a {@link PeerNode} is started with, checked once: a bad value fails here naming the setting.
 *
 * @param keys               the node's identity; its did:key is the peer id
 * @param chain              which network this node is on (compared in {@code hello})
 * @param listenHost         the address the server binds (a loopback or the node's own)
 * @param listenPort         the port, 0 for any free one
 * @param capabilities       advertised in {@code hello} (at most 32 of at most 64 characters)
 * @param maxFrameBytes      largest link frame, after decompression (announcements and small messages)
 * @param maxObjectBytes     largest object fetched over the bulk stream, however many chunks
 * @param bytesPerSecond     inbound byte budget of one peer, refill rate
 * @param burstBytes         inbound byte budget of one peer, bucket size
 * @param maxLinks           links at once, up or still in their handshake, inbound and outbound together
 * @param banDuration        how long a peer (its id and its address) stays banned after reaching the threshold
 * @param handshakeTimeout   how long either side gives the other to finish the handshake
 * @param clock              the node's own time (bans, budgets); never adjusted by peers
 */
public record P2pConfig(Ed25519.KeyPair keys, ChainIdentity chain, String listenHost, int listenPort,
        List<String> capabilities, int maxFrameBytes, long maxObjectBytes, long bytesPerSecond, long burstBytes,
        int maxLinks, Duration banDuration, Duration handshakeTimeout, InstantSource clock) {
    /** Bulk objects travel in chunks of at most this many bytes (issue 20). */
    public static final int CHUNK_BYTES = 1 << 20;
    public static final int MAX_CAPABILITIES = 32;
    public static final int MAX_CAPABILITY_LENGTH = 64;

    public P2pConfig {
        require(keys != null, "keys are required");
        require(chain != null, "chain is required");
        require(listenHost != null && !listenHost.isBlank(), "listen_host is required");
        require(listenPort >= 0 && listenPort <= 65_535, "listen_port must be 0 to 65535, got " + listenPort);
        capabilities = List.copyOf(capabilities);
        require(capabilities.size() <= MAX_CAPABILITIES,
                "capabilities must be at most " + MAX_CAPABILITIES + ", got " + capabilities.size());
        for (String capability : capabilities) {
            require(!capability.isEmpty() && capability.length() <= MAX_CAPABILITY_LENGTH,
                    "capabilities must be 1 to " + MAX_CAPABILITY_LENGTH + " characters, got '" + capability + "'");
        }
        require(maxFrameBytes >= 1024 && maxFrameBytes <= CHUNK_BYTES,
                "max_frame_bytes must be 1024 to " + CHUNK_BYTES + ", got " + maxFrameBytes);
        require(maxObjectBytes >= 1, "max_object_bytes must be > 0, got " + maxObjectBytes);
        require(bytesPerSecond > 0, "bytes_per_second must be > 0, got " + bytesPerSecond);
        require(burstBytes >= bytesPerSecond && burstBytes >= maxFrameBytes,
                "burst_bytes must be >= bytes_per_second and >= max_frame_bytes, got " + burstBytes);
        require(maxLinks >= 1 && maxLinks <= 10_000, "max_links must be 1 to 10000, got " + maxLinks);
        require(banDuration != null && banDuration.isPositive(), "ban_duration must be > 0, got " + banDuration);
        require(handshakeTimeout != null && handshakeTimeout.isPositive(),
                "handshake_timeout must be > 0, got " + handshakeTimeout);
        require(clock != null, "clock is required");
    }

    /**
     * Defaults for a node on {@code listenHost:listenPort}: 256 KiB frames, 64 MiB objects, 1 MiB/s per peer, 125
     * links (issue 20's total), 24 h bans, 10 s to finish a handshake.
     */
    public static P2pConfig defaults(Ed25519.KeyPair keys, ChainIdentity chain, String listenHost, int listenPort) {
        return new P2pConfig(keys, chain, listenHost, listenPort, List.of(), 256 * 1024, 64L << 20, 1L << 20,
                4L << 20, 125, Duration.ofHours(24), Duration.ofSeconds(10), InstantSource.system());
    }

    public P2pConfig withClock(InstantSource newClock) {
        return new P2pConfig(keys, chain, listenHost, listenPort, capabilities, maxFrameBytes, maxObjectBytes,
                bytesPerSecond, burstBytes, maxLinks, banDuration, handshakeTimeout, newClock);
    }

    public P2pConfig withRate(long newBytesPerSecond, long newBurstBytes) {
        return new P2pConfig(keys, chain, listenHost, listenPort, capabilities, maxFrameBytes, maxObjectBytes,
                newBytesPerSecond, newBurstBytes, maxLinks, banDuration, handshakeTimeout, clock);
    }

    public P2pConfig withCapabilities(List<String> newCapabilities) {
        return new P2pConfig(keys, chain, listenHost, listenPort, newCapabilities, maxFrameBytes, maxObjectBytes,
                bytesPerSecond, burstBytes, maxLinks, banDuration, handshakeTimeout, clock);
    }

    public P2pConfig withLimits(int newMaxLinks, Duration newHandshakeTimeout, long newMaxObjectBytes) {
        return new P2pConfig(keys, chain, listenHost, listenPort, capabilities, maxFrameBytes, newMaxObjectBytes,
                bytesPerSecond, burstBytes, newMaxLinks, banDuration, newHandshakeTimeout, clock);
    }

    /** The largest message gRPC itself lets in (decompressed): a bulk chunk and its few framing bytes. */
    int transportLimit() {
        return CHUNK_BYTES + 1024;
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }
}
