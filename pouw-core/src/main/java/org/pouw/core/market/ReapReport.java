package org.pouw.core.market;

/** What one pass of the reaper did. */
public record ReapReport(int leasesExpired, int deadLettered, int deadlinesPassed) {
    public int total() {
        return leasesExpired + deadlinesPassed;
    }
}
