package org.pouw.cli.mine;

import java.io.PrintStream;
import java.util.Locale;

/**
 * The human view of {@code pouw mine}, in the style of {@code pouw worker}'s: events that matter later (blocks won,
 * transactions posted, refusals) become lines of record; on a terminal a status line under them — steps/s,
 * tickets/s, the expected time to a block, blocks won, the task — is redrawn in place. Without a terminal the status
 * is printed as a plain line at most every {@value #PLAIN_EVERY_MS} ms, and a wait once when it starts.
 */
final class MinerTerminalDisplay implements MinerDisplay {
    static final long PLAIN_EVERY_MS = 10_000;
    private static final String CLEAR_LINE = "\r\033[2K";
    private static final int SHORT = 12;

    private final PrintStream out;
    private final boolean redraw;
    private final int width;
    private String status = "starting";
    private String lastWait = "";
    private long lastPlainNanos;

    MinerTerminalDisplay(PrintStream out, boolean redraw, int width) {
        this.out = out;
        this.redraw = redraw;
        this.width = width;
    }

    @Override
    public void show(MinerEvent event) {
        switch (event) {
            case MinerEvent.Started s -> record("mining as " + s.did() + " on " + s.node() + " (chain "
                    + shortId(s.chainId()) + ", " + s.threads() + " thread" + (s.threads() == 1 ? "" : "s") + ")");
            case MinerEvent.Progress p -> {
                lastWait = "";
                status = statusLine(p);
                if (redraw) {
                    draw();
                } else if (System.nanoTime() - lastPlainNanos >= PLAIN_EVERY_MS * 1_000_000) {
                    lastPlainNanos = System.nanoTime();
                    out.println(status);
                }
            }
            case MinerEvent.Won w -> record("won block " + w.height() + "  " + shortId(w.hash()) + "  on "
                    + (w.paid() ? "paid task " : "filler task ") + shortId(w.task()) + "  node: " + w.nodeStatus()
                    + "  (" + w.blocksWon() + " won)");
            case MinerEvent.Posted p -> record("posted " + p.kind() + "  " + shortId(p.txId())
                    + (p.detail().isEmpty() ? "" : "  " + p.detail()));
            case MinerEvent.Refused r -> record("refused " + r.what() + ": " + r.reason());
            case MinerEvent.Waiting w -> {
                status = "waiting: " + w.reason();
                if (redraw) {
                    draw();
                } else if (!w.reason().equals(lastWait)) {
                    out.println(status);
                }
                lastWait = w.reason();
            }
            case MinerEvent.Stopped s -> {
                if (redraw) {
                    out.print(CLEAR_LINE);
                }
                String summary = "stopped: " + s.steps() + " steps, " + s.tickets() + " tickets, " + s.blocksWon()
                        + " blocks won";
                out.println(s.error().isEmpty() ? summary : summary + " (error: " + s.error() + ")");
            }
        }
        out.flush();
    }

    /** {@code height 42 | 120.5 steps/s 3.1k tickets/s | block in ~14s | won 3 | paid task 1a2b…}. */
    static String statusLine(MinerEvent.Progress p) {
        String expected = p.expectedSecondsToBlock() < 0 ? "block in ?" : "block in ~"
                + duration(p.expectedSecondsToBlock());
        return String.format(Locale.ROOT, "height %d | %.1f steps/s %s tickets/s | %s | won %d | %s %s", p.height(),
                p.stepsPerSecond(), count(p.ticketsPerSecond()), expected, p.blocksWon(),
                p.paid() ? "paid task" : "filler", shortId(p.task()));
    }

    private void record(String line) {
        if (redraw) {
            out.print(CLEAR_LINE);
            out.println(line);
            draw();
        } else {
            out.println(line);
        }
    }

    private void draw() {
        // ASCII only, and never wider than the terminal: a wrapped line could not be redrawn in place.
        String line = status.length() > width ? status.substring(0, width - 3) + "..." : status;
        out.print(CLEAR_LINE + line);
    }

    static String duration(double seconds) {
        if (seconds < 1) {
            return String.format(Locale.ROOT, "%.1fs", seconds);
        }
        long s = Math.round(seconds);
        if (s < 120) {
            return s + "s";
        }
        if (s < 7_200) {
            return (s / 60) + "m";
        }
        return (s / 3_600) + "h";
    }

    private static String count(double value) {
        if (value >= 1e6) {
            return String.format(Locale.ROOT, "%.1fM", value / 1e6);
        }
        if (value >= 1e4) {
            return String.format(Locale.ROOT, "%.1fk", value / 1e3);
        }
        return String.format(Locale.ROOT, "%.0f", value);
    }

    private static String shortId(String id) {
        return id.length() <= SHORT ? id : id.substring(0, SHORT);
    }
}
