package org.pouw.node.logs;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * The access log: one line for one request in every {@code log.access_sample_every} (the first, then every n-th after
 * it, counted over all requests — deterministic, so a test can say which lines appear). At the default of 100 a node
 * serving 20,000 requests a second writes 200 lines a second (docs/operations.md, "Logs"). 0 writes none. Its level
 * can be changed at run time like any logger's ({@code org.pouw.access}).
 */
public final class AccessLog {
    public static final String LOGGER = "org.pouw.access";
    private static final Logger LOG = Logger.getLogger(LOGGER);

    private final int sampleEvery;
    private final AtomicLong seen = new AtomicLong();

    public AccessLog(int sampleEvery) {
        if (sampleEvery < 0) {
            throw new IllegalArgumentException("sampleEvery must be >= 0, got " + sampleEvery);
        }
        this.sampleEvery = sampleEvery;
    }

    /** Counts one request and tells whether it is one of the sampled. */
    public boolean sampled() {
        return sampleEvery > 0 && seen.getAndIncrement() % sampleEvery == 0;
    }

    /**
     * Writes one request's line. The path is written without its query (which may carry a token) and the client is
     * the address the rate limits use.
     */
    public void write(String method, String route, String path, int status, long micros, String client) {
        if (!LOG.isLoggable(Level.INFO)) {
            return;
        }
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("method", method);
        values.put("route", route);
        values.put("path", path);
        values.put("status", status);
        values.put("duration_us", micros);
        values.put("client", client);
        LogRecord record = new LogRecord(Level.INFO, method + " " + path + " " + status + " " + micros + " us "
                + client);
        record.setLoggerName(LOGGER);
        record.setParameters(new Object[] {new LogFields("access", values)});
        LOG.log(record);
    }
}
