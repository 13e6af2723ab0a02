package org.pouw.core.market;

/**
 * When finished jobs leave the hot tables and how long they are kept after (issue 26, item 3).
 *
 * @param afterMs     a finished job moves to the history tables once it was created this long ago (and its intent
 *                    is finished, none of the intent's jobs open): {@code market.history_after_ms}
 * @param retentionMs moved jobs are deleted once created this long ago; 0 keeps them:
 *                    {@code market.history_retention_ms}
 */
public record HistorySettings(long afterMs, long retentionMs) {
    /** An hour, the default job TTL: by then a job is finished or dead-lettered. */
    public static final long DEFAULT_AFTER_MS = 3_600_000L;
    /** Thirty days. */
    public static final long DEFAULT_RETENTION_MS = 30L * 86_400_000L;

    public HistorySettings {
        if (afterMs <= 0) {
            throw new IllegalArgumentException("history_after_ms must be > 0, got " + afterMs);
        }
        if (retentionMs < 0) {
            throw new IllegalArgumentException("history_retention_ms must be >= 0 (0 keeps history), got "
                    + retentionMs);
        }
        if (retentionMs != 0 && retentionMs < afterMs) {
            throw new IllegalArgumentException("history_retention_ms must be 0 or >= history_after_ms, got "
                    + retentionMs + " < " + afterMs);
        }
    }

    public static HistorySettings defaults() {
        return new HistorySettings(DEFAULT_AFTER_MS, DEFAULT_RETENTION_MS);
    }

    public boolean keepsForever() {
        return retentionMs == 0;
    }
}
