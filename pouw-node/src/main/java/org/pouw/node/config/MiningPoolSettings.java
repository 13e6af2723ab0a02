package org.pouw.node.config;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The node's pool client, {@code [mining_pool]} (issue 23 §5; docs/pool.md §9): the pools a share sent to this node
 * is relayed to, tried in order, and how hard each is tried. Checked once, each error naming its setting. The API key
 * is read from its file here and never printed ({@link #toString} redacts it). Whose attestations count is still
 * {@code pools.trusted}: one trust list, whichever way an attestation arrives.
 *
 * @param enabled                 whether shares are relayed at all (off: a relayed share is 503 {@code
 *                                pool_unavailable})
 * @param poolUrls                the pools' base URLs, https, or http on a loopback host only
 * @param apiKey                  sent as {@code Authorization: Bearer} when present
 * @param timeoutSeconds          the one overall deadline of a relay, every retry and every pool included
 * @param maxRetries              retries of a pool after a transport error, timeout or 5xx (never after a 4xx)
 * @param breakerThreshold        the breaker opens after this many such failures in a row of the last as many
 *                                counted calls: its window and its minimum number of calls
 * @param breakerTimeoutSeconds   how long a breaker stays open before one trial call (half-open)
 * @param requestsPerMinute       the node's own budget of relays a minute, spent only after local checks passed
 */
public record MiningPoolSettings(boolean enabled, List<URI> poolUrls, Optional<String> apiKey, int timeoutSeconds,
        int maxRetries, int breakerThreshold, int breakerTimeoutSeconds, int requestsPerMinute) {
    private static final Set<String> LOOPBACK = Set.of("127.0.0.1", "localhost", "[::1]", "::1");

    public MiningPoolSettings {
        poolUrls = List.copyOf(poolUrls);
        if (enabled && poolUrls.isEmpty()) {
            throw new ConfigException("mining_pool.pool_url must name at least one pool when mining_pool.enabled is "
                    + "true");
        }
        requireRange("mining_pool.timeout_seconds", timeoutSeconds, 1, 600);
        requireRange("mining_pool.max_retries", maxRetries, 0, 10);
        requireRange("mining_pool.circuit_breaker_threshold", breakerThreshold, 1, 1000);
        requireRange("mining_pool.circuit_breaker_timeout", breakerTimeoutSeconds, 1, 86_400);
        requireRange("mining_pool.requests_per_minute", requestsPerMinute, 1, 10_000_000);
    }

    public static MiningPoolSettings parse(boolean enabled, String urls, String apiKeyFile, int timeoutSeconds,
            int maxRetries, int breakerThreshold, int breakerTimeoutSeconds, int requestsPerMinute) {
        List<URI> pools = new ArrayList<>();
        if (!urls.isBlank()) {
            for (String entry : urls.split(",", -1)) {
                pools.add(poolUrl(entry.strip()));
            }
        }
        Optional<String> apiKey = Optional.empty();
        if (!apiKeyFile.isBlank()) {
            try {
                String key = Files.readString(Path.of(apiKeyFile.strip()), StandardCharsets.UTF_8).strip();
                if (key.isEmpty() || !key.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
                    throw new ConfigException("mining_pool.api_key_file must hold one token of printable ASCII");
                }
                apiKey = Optional.of(key);
            } catch (IOException e) {
                throw new ConfigException("mining_pool.api_key_file can not be read: " + e.getMessage());
            }
        }
        return new MiningPoolSettings(enabled, pools, apiKey, timeoutSeconds, maxRetries, breakerThreshold,
                breakerTimeoutSeconds, requestsPerMinute);
    }

    private static URI poolUrl(String text) {
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            throw new ConfigException("mining_pool.pool_url entries must be URLs, got '" + text + "'");
        }
        String host = uri.getHost();
        if (host == null || uri.getRawQuery() != null || uri.getRawFragment() != null || uri.getRawUserInfo() != null) {
            throw new ConfigException("mining_pool.pool_url entries are scheme://host[:port][/path], got '" + text
                    + "'");
        }
        boolean https = "https".equals(uri.getScheme());
        boolean loopbackHttp = "http".equals(uri.getScheme()) && LOOPBACK.contains(host);
        if (!https && !loopbackHttp) {
            // Shares and the API key travel in the request: plain HTTP only where nobody else is on the wire.
            throw new ConfigException("mining_pool.pool_url must be https (http only on a loopback host), got '"
                    + text + "'");
        }
        String path = uri.getRawPath() == null ? "" : uri.getRawPath();
        return URI.create(uri.getScheme() + "://" + uri.getRawAuthority() + (path.endsWith("/")
                ? path.substring(0, path.length() - 1) : path));
    }

    private static void requireRange(String setting, long value, long min, long max) {
        if (value < min || value > max) {
            throw new ConfigException(setting + " must be " + min + "…" + max + ", got " + value);
        }
    }

    /** Without the API key, which is a secret. */
    @Override
    public String toString() {
        return "MiningPoolSettings[enabled=" + enabled + ", poolUrls=" + poolUrls + ", apiKey="
                + (apiKey.isPresent() ? "(redacted)" : "(none)") + ", timeoutSeconds=" + timeoutSeconds
                + ", maxRetries=" + maxRetries + ", breakerThreshold=" + breakerThreshold + ", breakerTimeoutSeconds="
                + breakerTimeoutSeconds + ", requestsPerMinute=" + requestsPerMinute + "]";
    }

    public static MiningPoolSettings disabled() {
        return new MiningPoolSettings(false, List.of(), Optional.empty(), 10, 3, 5, 60, 600);
    }
}
