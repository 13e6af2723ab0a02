package org.pouw.node.logs;

import java.util.LinkedHashMap;
import java.util.Map;
import org.pouw.core.Clock;

/**
 * Rate-limits repeated warnings: the same warning (by {@link #key}) is let through at most {@code repeats} times in
 * each interval of {@code intervalMs} (fixed windows from the first one seen); the rest are counted, and the next one
 * let through carries the count. A storm of one failure (a database down, a peer misbehaving) is then a handful of
 * lines a minute saying how many more there were, not thousands a second.
 *
 * <p>At most {@link #MAX_KEYS} warnings are tracked; past that the one seen longest ago is forgotten, so warnings whose
 * text varies without end cannot grow the node's memory.
 */
public final class WarningLimiter {
    static final int MAX_KEYS = 1024;

    /** Whether to write a warning, and how many like it were held back since the last one written. */
    public record Verdict(boolean write, long suppressedBefore) {
    }

    private static final class Window {
        long startMs;
        int written;
        long held;
    }

    private final Clock clock;
    private final int repeats;
    private final long intervalMs;
    private final Map<String, Window> windows = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Window> eldest) {
            return size() > MAX_KEYS;
        }
    };

    public WarningLimiter(Clock clock, int repeats, long intervalMs) {
        if (repeats < 1 || intervalMs < 1) {
            throw new IllegalArgumentException("repeats and intervalMs must be >= 1");
        }
        this.clock = clock;
        this.repeats = repeats;
        this.intervalMs = intervalMs;
    }

    public synchronized Verdict admit(String key) {
        long now = clock.millis();
        Window window = windows.get(key);
        if (window == null) {
            window = new Window();
            window.startMs = now;
            windows.put(key, window);
        } else if (now - window.startMs >= intervalMs || now < window.startMs) {
            window.startMs = now;
            window.written = 0;
        }
        if (window.written >= repeats) {
            window.held++;
            return new Verdict(false, 0);
        }
        window.written++;
        long held = window.held;
        window.held = 0;
        return new Verdict(true, held);
    }

    /**
     * The same warning: the logger, where it was logged from, and its message with runs of digits and hex (ids,
     * counts, addresses) made alike, so "job 1a2b… failed" and "job 3c4d… failed" are one warning.
     */
    public static String key(String logger, String sourceClass, String sourceMethod, String message) {
        String shape = message == null ? "" : message.replaceAll("[0-9a-fA-F]{6,}|[0-9]+", "#");
        return logger + '|' + sourceClass + '#' + sourceMethod + '|' + shape;
    }
}
