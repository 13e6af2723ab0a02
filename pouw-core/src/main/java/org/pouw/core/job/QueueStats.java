package org.pouw.core.job;

/** Jobs by status, as {@code /v1/pouw/system/status} reports them. */
public record QueueStats(long pendingCount, long inProgressCount, long completedCount, long failedCount,
                         long expiredCount, long deadLetterCount) {
    public long count(JobStatus status) {
        return switch (status) {
            case PENDING -> pendingCount;
            case IN_PROGRESS -> inProgressCount;
            case COMPLETED -> completedCount;
            case FAILED -> failedCount;
            case EXPIRED -> expiredCount;
            case DEAD_LETTER -> deadLetterCount;
        };
    }
}
