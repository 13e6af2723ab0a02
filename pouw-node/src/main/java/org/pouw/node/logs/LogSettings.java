package org.pouw.node.logs;

import java.util.Locale;
import java.util.Map;
import org.pouw.node.config.ConfigException;
import org.pouw.node.config.SettingText;

/**
 * The {@code log.*} settings (docs/operations.md, "Logs"), checked once at start, each error naming its setting.
 *
 * @param format            {@code text} or {@code json} (one JSON object a line)
 * @param accessSampleEvery one request in this many gets an access-log line; 0 writes none
 * @param warningRepeats    the same warning is written at most this many times an interval; the rest are counted
 *                          and the count is shown on the next one written
 * @param warningIntervalMs the interval of {@code warningRepeats}
 * @param fileMaxBytes      the log file in the data folder ({@code logs/pouw.log}) is rotated before it would grow past
 *                          this; 0 writes no file
 * @param fileCount         rotated files kept beside it ({@code pouw.log.1} the newest); the oldest is deleted
 */
public record LogSettings(LogFormat format, int accessSampleEvery, int warningRepeats, long warningIntervalMs,
                          long fileMaxBytes, int fileCount) {
    public static final long DEFAULT_FILE_MAX_BYTES = 10L * 1024 * 1024;
    public static final int DEFAULT_FILE_COUNT = 5;

    /** Settings with the default log file. */
    public LogSettings(LogFormat format, int accessSampleEvery, int warningRepeats, long warningIntervalMs) {
        this(format, accessSampleEvery, warningRepeats, warningIntervalMs, DEFAULT_FILE_MAX_BYTES,
                DEFAULT_FILE_COUNT);
    }

    public LogSettings {
        if (fileMaxBytes != 0 && fileMaxBytes < RotatingLogFile.MIN_MAX_BYTES) {
            throw new IllegalArgumentException("log.file_max_bytes must be 0 or >= " + RotatingLogFile.MIN_MAX_BYTES
                    + ", got " + fileMaxBytes);
        }
        if (fileCount < 1) {
            throw new IllegalArgumentException("log.file_count must be >= 1, got " + fileCount);
        }
        if (accessSampleEvery < 0) {
            throw new IllegalArgumentException("log.access_sample_every must be >= 0, got " + accessSampleEvery);
        }
        if (warningRepeats < 1) {
            throw new IllegalArgumentException("log.warning_repeats must be >= 1, got " + warningRepeats);
        }
        if (warningIntervalMs < 1) {
            throw new IllegalArgumentException("log.warning_interval_ms must be >= 1, got " + warningIntervalMs);
        }
    }

    public static void putDefaults(Map<String, String> d) {
        d.put("log.format", "text");
        d.put("log.access_sample_every", "100");
        d.put("log.warning_repeats", "5");
        d.put("log.warning_interval_ms", "60000");
        d.put("log.file_max_bytes", Long.toString(DEFAULT_FILE_MAX_BYTES));
        d.put("log.file_count", Integer.toString(DEFAULT_FILE_COUNT));
    }

    public static LogSettings parse(Map<String, String> raw) {
        String format = raw.get("log.format").strip().toLowerCase(Locale.ROOT);
        LogFormat chosen = switch (format) {
            case "text" -> LogFormat.TEXT;
            case "json" -> LogFormat.JSON;
            default -> throw new ConfigException("log.format must be text or json, got '" + raw.get("log.format")
                    + "'");
        };
        return new LogSettings(chosen,
                (int) SettingText.number(raw, "log.access_sample_every", 0, 1_000_000_000),
                (int) SettingText.number(raw, "log.warning_repeats", 1, 1_000_000),
                SettingText.number(raw, "log.warning_interval_ms", 1, 86_400_000),
                fileMaxBytes(raw), (int) SettingText.number(raw, "log.file_count", 1, 1000));
    }

    private static long fileMaxBytes(Map<String, String> raw) {
        long bytes = SettingText.number(raw, "log.file_max_bytes", 0, 1L << 40);
        if (bytes != 0 && bytes < RotatingLogFile.MIN_MAX_BYTES) {
            throw new ConfigException("log.file_max_bytes must be 0 (no file) or at least "
                    + RotatingLogFile.MIN_MAX_BYTES + ", got " + bytes);
        }
        return bytes;
    }
}
