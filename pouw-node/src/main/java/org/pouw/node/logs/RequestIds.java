package org.pouw.node.logs;

import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/**
 * The id of each request, returned as {@code X-Request-Id} and written on its log lines. The node makes one for every
 * request; an incoming {@code X-Request-Id} is kept only when the request came through one of
 * {@code http.trusted_proxies} (which made it, so a proxy's and the node's lines can be joined) and is well formed.
 * From anyone else it is ignored: a client choosing its own id could make its lines pass for another request's.
 */
public final class RequestIds {
    public static final String HEADER = "X-Request-Id";
    /** What a proxy's id may look like: 1…128 of letters, digits and {@code - _ . : / + =} (UUIDs, W3C trace ids). */
    private static final Pattern WELL_FORMED = Pattern.compile("[A-Za-z0-9._:/+=-]{1,128}");

    private RequestIds() {
    }

    /**
     * The id of a request: the single well-formed {@code X-Request-Id} value when {@code fromTrustedProxy}, otherwise
     * a fresh one.
     */
    public static String of(boolean fromTrustedProxy, List<String> headerValues) {
        if (fromTrustedProxy && headerValues.size() == 1 && WELL_FORMED.matcher(headerValues.get(0)).matches()) {
            return headerValues.get(0);
        }
        return fresh();
    }

    /** 64 random bits in hex: unique enough to find one request's lines, and not a secret. */
    public static String fresh() {
        return HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong());
    }
}
