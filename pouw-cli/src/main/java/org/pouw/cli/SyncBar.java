package org.pouw.cli;

import java.util.Locale;

/**
 * The initial-sync progress bar of {@code pouw peers sync}: the node's validated height against the highest height
 * its peers stated ({@code GET /v1/net/status}, {@code sync}), drawn to a given width.
 */
final class SyncBar {
    private static final int MIN_BAR = 10;

    private SyncBar() {
    }

    /** One line, at most {@code columns} wide when the bar has room: {@code [#####-----]  50.0 %  5 / 10 blocks}. */
    static String render(long height, long target, boolean syncing, int columns) {
        double fraction = target <= 0 ? 1.0 : Math.min(1.0, (double) height / target);
        String tail = String.format(Locale.ROOT, " %5.1f %%  %,d / %,d blocks%s", fraction * 100, height, target,
                height >= target ? "  caught up" : syncing ? "  syncing" : "  waiting for a peer");
        int width = Math.max(MIN_BAR, columns - tail.length() - 2);
        int filled = (int) Math.floor(fraction * width);
        return "[" + "#".repeat(filled) + "-".repeat(width - filled) + "]" + tail;
    }
}
