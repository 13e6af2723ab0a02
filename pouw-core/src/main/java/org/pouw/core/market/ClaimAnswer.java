package org.pouw.core.market;

import java.util.List;
import java.util.Objects;
import org.pouw.core.PouwException;
import org.pouw.core.job.Job;

/**
 * One order's answer in a claim group ({@link JobMarket#claimTogether}): the jobs it got (perhaps none), or why it
 * was refused. A refusal belongs to its own caller; the group's other orders are served in the same transaction.
 */
public record ClaimAnswer(List<Job> jobs, PouwException refusal) {
    public ClaimAnswer {
        Objects.requireNonNull(jobs, "jobs");
        jobs = List.copyOf(jobs);
    }

    static ClaimAnswer served(List<Job> jobs) {
        return new ClaimAnswer(jobs, null);
    }

    static ClaimAnswer refused(PouwException why) {
        return new ClaimAnswer(List.of(), Objects.requireNonNull(why, "why"));
    }

    public boolean isRefused() {
        return refusal != null;
    }

    /** The jobs, or the refusal thrown (in the caller's thread, as a lone claim would have thrown it). */
    public List<Job> jobsOrThrow() {
        if (refusal != null) {
            throw refusal;
        }
        return jobs;
    }
}
