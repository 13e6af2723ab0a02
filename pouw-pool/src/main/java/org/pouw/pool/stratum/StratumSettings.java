package org.pouw.pool.stratum;

import java.net.InetAddress;
import java.net.UnknownHostException;
import javax.net.ssl.SSLContext;

/**
 * How the Stratum V1 endpoint listens and what it bounds (issue 23 §2; docs/pool.md §3a), checked once, each error
 * naming its setting.
 *
 * @param bindHost               where both ports listen
 * @param plainPort              the plaintext port, 0 for any free one, −1 for none. Plaintext lets anyone on the path
 *                               read and rewrite a connection, so it listens only on a loopback address unless
 *                               {@code plainBeyondLoopback} says the operator accepts that risk
 * @param tlsPort                the TLS port, 0 for any free one, −1 for none; {@code tls} must then be given
 * @param tls                    the server's TLS context (its certificate and key), or null
 * @param plainBeyondLoopback    let the plaintext port listen on a non-loopback address (documented risk)
 * @param maxConnections         connections held at once over both ports; further ones are closed at once
 * @param maxLineBytes           the longest request line; a longer one closes the connection
 * @param authorizeDeadlineMs    a connection must be authorized this long after it opened, else it is closed
 * @param idleTimeoutMs          a connection that sends nothing this long is closed
 * @param staleGraceMs           how long a job is still taken after a {@code clean_jobs} notify replaced it
 * @param ntimeAheadSeconds      how far a share's ntime may run ahead of the pool's clock (it may never go below the
 *                               job's)
 * @param versionMask            the version bits a miner may roll ({@code mining.configure} version-rolling)
 */
public record StratumSettings(String bindHost, int plainPort, int tlsPort, SSLContext tls,
        boolean plainBeyondLoopback, int maxConnections, int maxLineBytes, long authorizeDeadlineMs,
        long idleTimeoutMs, long staleGraceMs, long ntimeAheadSeconds, int versionMask) {
    /** BIP 320's general-purpose version bits. */
    public static final int DEFAULT_VERSION_MASK = 0x1fffe000;

    public StratumSettings {
        if (plainPort < -1 || plainPort > 65_535) {
            throw new IllegalArgumentException("stratum_port must be -1 (off) or 0…65535, got " + plainPort);
        }
        if (tlsPort < -1 || tlsPort > 65_535) {
            throw new IllegalArgumentException("stratum_tls_port must be -1 (off) or 0…65535, got " + tlsPort);
        }
        if (tlsPort >= 0 && tls == null) {
            throw new IllegalArgumentException("stratum_tls_port needs stratum_tls_keystore (the server's "
                    + "certificate and key)");
        }
        if (plainPort >= 0 && !plainBeyondLoopback && !loopback(bindHost)) {
            throw new IllegalArgumentException("stratum_port is plaintext and listens only on loopback; bind "
                    + "127.0.0.1, use stratum_tls_port, or accept the risk with stratum_plaintext_beyond_loopback "
                    + "(got bind " + bindHost + ")");
        }
        if (maxConnections < 1) {
            throw new IllegalArgumentException("stratum_max_connections must be >= 1, got " + maxConnections);
        }
        if (maxLineBytes < 512) {
            throw new IllegalArgumentException("stratum_max_line_bytes must be >= 512, got " + maxLineBytes);
        }
        if (authorizeDeadlineMs < 1 || idleTimeoutMs < 1 || staleGraceMs < 0 || ntimeAheadSeconds < 0) {
            throw new IllegalArgumentException("stratum deadlines must be positive (authorize " + authorizeDeadlineMs
                    + " ms, idle " + idleTimeoutMs + " ms, stale grace " + staleGraceMs + " ms, ntime ahead "
                    + ntimeAheadSeconds + " s)");
        }
    }

    /** Plaintext on {@code bindHost} (which must be loopback), no TLS, the documented limits. */
    public static StratumSettings plainOnLoopback(String bindHost, int plainPort) {
        return new StratumSettings(bindHost, plainPort, -1, null, false, 1024, 16 * 1024, 10_000, 600_000, 5_000,
                600, DEFAULT_VERSION_MASK);
    }

    /** The documented limits with the given ports. */
    public static StratumSettings of(String bindHost, int plainPort, int tlsPort, SSLContext tls,
            boolean plainBeyondLoopback) {
        return new StratumSettings(bindHost, plainPort, tlsPort, tls, plainBeyondLoopback, 1024, 16 * 1024, 10_000,
                600_000, 5_000, 600, DEFAULT_VERSION_MASK);
    }

    public StratumSettings withLimits(int maxConnections, long authorizeDeadlineMs, long idleTimeoutMs,
            long staleGraceMs) {
        return new StratumSettings(bindHost, plainPort, tlsPort, tls, plainBeyondLoopback, maxConnections,
                maxLineBytes, authorizeDeadlineMs, idleTimeoutMs, staleGraceMs, ntimeAheadSeconds, versionMask);
    }

    private static boolean loopback(String host) {
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
