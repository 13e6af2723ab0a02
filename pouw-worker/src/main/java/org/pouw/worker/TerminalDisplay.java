package org.pouw.worker;

import java.io.PrintStream;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.StringJoiner;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The human view. Events that matter later (claimed, paid, rejected, failed, lost, released) become lines of record.
 * On a terminal, a status line under them (jobs in hand with their progress, or what the worker is waiting for,
 * and the totals) is redrawn in place. Without a terminal (piped, under systemd) there is no redrawing: progress is
 * printed at each quarter, and a wait is printed once when it starts rather than at every poll.
 */
final class TerminalDisplay implements WorkerDisplay {
    static final int DEFAULT_WIDTH = 100;
    private static final String CLEAR_LINE = "\r\033[2K";
    private static final int SHORT_ID = 12;

    private final PrintStream out;
    private final boolean redraw;
    private final int width;
    private final ReentrantLock lock = new ReentrantLock();
    private final Map<String, JobProgress> inHand = new LinkedHashMap<>();
    private WorkerEvent.Cause waitingFor;
    private String waitingText = "signing in";
    private WorkerStats.Snapshot totals = new WorkerStats.Snapshot(0, 0, 0, 0, 0, 0, 0);

    private record JobProgress(String kind, String phase, double fraction) {
    }

    TerminalDisplay(PrintStream out, boolean redraw, int width) {
        this.out = out;
        this.redraw = redraw;
        this.width = width;
    }

    @Override
    public void show(WorkerEvent event, WorkerStats.Snapshot newTotals) {
        lock.lock();
        try {
            totals = newTotals;
            switch (event) {
                case WorkerEvent.Started started -> record("worker " + started.did() + " on " + started.node()
                        + " (kinds " + String.join(", ", started.kinds())
                        + "; tiers " + (started.tiers().isEmpty() ? "any" : String.join(", ", started.tiers()))
                        + "; " + started.concurrency() + " at a time)");
                case WorkerEvent.Claimed claimed -> {
                    waitingFor = null;
                    waitingText = "looking for jobs";
                    inHand.put(claimed.jobId(), new JobProgress(claimed.kind(), "starting", 0));
                    record("claimed   " + shortId(claimed.jobId()) + "  " + claimed.kind() + "/" + claimed.tier()
                            + "  attempt " + claimed.attempt() + ", reward budget " + claimed.rewardBudget());
                }
                case WorkerEvent.Progress progress -> progress(progress);
                case WorkerEvent.Submitted submitted -> finished(submitted.jobId(), "paid      "
                        + shortId(submitted.jobId()) + "  +" + submitted.reward() + "  (earned "
                        + totals.totalReward() + " in total)");
                case WorkerEvent.Rejected rejected -> finished(rejected.jobId(), "rejected  "
                        + shortId(rejected.jobId()) + "  " + rejected.reason()
                        + (rejected.detail().isEmpty() ? "" : ": " + rejected.detail()));
                case WorkerEvent.Failed failed -> finished(failed.jobId(), "failed    "
                        + shortId(failed.jobId()) + "  " + failed.reason());
                case WorkerEvent.LeaseLost lost -> finished(lost.jobId(), "lost      "
                        + shortId(lost.jobId()) + "  " + lost.reason());
                case WorkerEvent.Released released -> finished(released.jobId(), "released  "
                        + shortId(released.jobId()) + "  " + released.reason());
                case WorkerEvent.Backoff backoff -> backoff(backoff);
                case WorkerEvent.Stopped stopped -> {
                    inHand.clear();
                    String summary = "stopped: " + summary();
                    // The last line: no status line under it, so the shell prompt starts on a clean line.
                    if (redraw) {
                        out.print(CLEAR_LINE);
                    }
                    out.println(stopped.error().isEmpty() ? summary : summary + " (error: " + stopped.error() + ")");
                }
            }
            out.flush();
        } finally {
            lock.unlock();
        }
    }

    private void progress(WorkerEvent.Progress progress) {
        JobProgress before = inHand.get(progress.jobId());
        inHand.put(progress.jobId(), new JobProgress(progress.kind(), progress.phase(), progress.fraction()));
        if (redraw) {
            drawStatus();
        } else if (before == null || !before.phase().equals(progress.phase())
                || quarter(before.fraction()) != quarter(progress.fraction())) {
            out.println("progress  " + shortId(progress.jobId()) + "  " + progress.phase() + " "
                    + percent(progress.fraction()));
        }
    }

    private void backoff(WorkerEvent.Backoff backoff) {
        String wait = formatDuration(backoff.delayMs());
        waitingText = switch (backoff.cause()) {
            case NO_JOBS -> "waiting for jobs";
            case NODE_UNREACHABLE -> "node unreachable, retrying in " + wait;
            case RATE_LIMITED -> "rate limited by the node, retrying in " + wait;
            case NODE_ERROR -> "node error, retrying in " + wait;
        };
        boolean newWait = backoff.cause() != waitingFor;
        waitingFor = backoff.cause();
        if (redraw) {
            drawStatus();
        } else if (newWait) {
            String detail = backoff.detail().isEmpty() || backoff.cause() == WorkerEvent.Cause.NO_JOBS
                    ? "" : " (" + backoff.detail() + ")";
            out.println(waitingText + detail);
        }
    }

    private void finished(String jobId, String line) {
        inHand.remove(jobId);
        record(line);
    }

    /** A line that stays: on a terminal it goes above the status line, which is then drawn again below it. */
    private void record(String line) {
        if (redraw) {
            out.print(CLEAR_LINE);
            out.println(line);
            drawStatus();
        } else {
            out.println(line);
        }
    }

    private void drawStatus() {
        StringJoiner jobs = new StringJoiner(", ");
        inHand.forEach((id, job) -> jobs.add(shortId(id) + " " + job.kind() + " " + job.phase() + " "
                + percent(job.fraction())));
        String state = inHand.isEmpty() ? waitingText : "working " + jobs;
        // ASCII only, and never wider than the terminal: a wrapped line could not be redrawn in place.
        String line = state + " | " + summary();
        if (line.length() > width) {
            line = line.substring(0, width - 3) + "...";
        }
        out.print(CLEAR_LINE + line);
    }

    private String summary() {
        StringBuilder text = new StringBuilder().append("done ").append(totals.completed());
        if (totals.rejected() > 0) {
            text.append(", rejected ").append(totals.rejected());
        }
        if (totals.failed() > 0) {
            text.append(", failed ").append(totals.failed());
        }
        if (totals.leasesLost() > 0) {
            text.append(", lost ").append(totals.leasesLost());
        }
        if (totals.released() > 0) {
            text.append(", released ").append(totals.released());
        }
        return text.append(", earned ").append(totals.totalReward()).toString();
    }

    private static int quarter(double fraction) {
        return (int) Math.floor(Math.max(0, Math.min(1, fraction)) * 4);
    }

    private static String percent(double fraction) {
        return Math.round(Math.max(0, Math.min(1, fraction)) * 100) + "%";
    }

    private static String shortId(String jobId) {
        return jobId.length() <= SHORT_ID ? jobId : jobId.substring(0, SHORT_ID);
    }

    static String formatDuration(long millis) {
        if (millis < 1000) {
            return millis + "ms";
        }
        Duration duration = Duration.ofMillis(millis);
        long seconds = Math.round(millis / 1000.0);
        if (seconds < 60) {
            return seconds + "s";
        }
        return duration.toMinutes() + "m" + (duration.toSecondsPart() == 0 ? "" : duration.toSecondsPart() + "s");
    }
}
