package org.pouw.core.market;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.pouw.core.Clock;
import org.pouw.core.PouwException;
import org.pouw.core.Problem;
import org.pouw.core.event.EventData;
import org.pouw.core.event.EventDraft;
import org.pouw.core.id.Did;
import org.pouw.core.id.JobId;
import org.pouw.core.job.Job;
import org.pouw.core.port.Storage;

/**
 * A training worker's progress while it holds an {@code ml-train} lease (issue 29: live loss curves), published as an
 * {@code ml.task.progress} event for the task's page to draw. Display only: nothing here pays, scores, audits or
 * decides anything. The figures are the prover's say-so — it can send any loss it likes — and the verified quality
 * comes from the node's own audit and held-out score at submit, never from these reports (docs/api.md, "Training
 * progress").
 *
 * <p>What a chatty or hostile prover can cost is bounded: only the holder of the job's live lease is heard (its
 * token checked like a renew's), each lease at most once per {@link #interval} — one second for an attempt's first
 * {@link #REPORTS_PER_LEVEL} reports, then twice as long for each further batch of that many, so a long run adds a
 * logarithmic number of events, not one a second forever — and this class remembers at most {@link #MAX_LANES}
 * leases (the oldest forgotten first; a forgotten lease just starts its count again).
 */
public final class TrainingProgress {
    /** The kind whose jobs report progress; core knows kinds only by name. */
    static final String ML_TRAIN = "ml-train";
    /** The event type (docs/api.md, "Event types"). */
    public static final String EVENT = "ml.task.progress";
    static final long FIRST_INTERVAL_MS = 1_000;
    static final int REPORTS_PER_LEVEL = 120;
    /** The longest spacing the doubling reaches: about 17 minutes between reports of a very long run. */
    static final long LONGEST_INTERVAL_MS = FIRST_INTERVAL_MS << 10;
    static final int MAX_LANES = 4_096;
    /** The largest step a report may name: far beyond any task (docs/ml.md), small enough to stay exact in JSON. */
    static final long MAX_STEP = 1L << 50;
    static final double MAX_LOSS = 1e9;

    /** One report: the step just trained, its mini-batch loss and, when the prover gives it, its batch accuracy. */
    public record Report(long step, double loss, Double accuracy) {
        /** The report, or the refusal naming its first bad field. */
        public Report {
            if (step < 1 || step > MAX_STEP) {
                throw PouwException.invalid("step", "must be a whole number from 1 to " + MAX_STEP + ", got " + step);
            }
            if (!Double.isFinite(loss) || loss < 0 || loss > MAX_LOSS) {
                throw PouwException.invalid("loss", "must be a finite number from 0 to " + MAX_LOSS + ", got " + loss);
            }
            if (accuracy != null && (!Double.isFinite(accuracy) || accuracy < 0 || accuracy > 1)) {
                throw PouwException.invalid("accuracy", "must be a number from 0 to 1, got " + accuracy);
            }
        }
    }

    /**
     * A report published: its event's sequence number (0 on PostgreSQL, which numbers at commit) and how long until
     * the lease's next report is heard.
     */
    public record Published(JobId jobId, long step, long eventSeq, long nextReportInMs) {
    }

    /** What one lease's reports have done so far. */
    private static final class Lane {
        final String leaseToken;
        int reports;
        long lastStep;
        long nextAtMs;

        Lane(String leaseToken) {
            this.leaseToken = leaseToken;
        }
    }

    private final Storage storage;
    private final Clock clock;
    private final MarketObserver observer;
    private final LeaseGrace grace;
    /** Keyed by job id; access order, so the lease least recently heard from is forgotten first. */
    private final Map<JobId, Lane> lanes = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<JobId, Lane> eldest) {
            return size() > MAX_LANES;
        }
    };

    TrainingProgress(Storage storage, Clock clock, MarketObserver observer, LeaseGrace grace) {
        this.storage = storage;
        this.clock = clock;
        this.observer = observer;
        this.grace = grace;
    }

    /**
     * Publishes {@code report} for the job whose lease {@code prover} holds with {@code leaseToken}. Refused with
     * {@code NOT_FOUND} (no such job), {@code LEASE_LOST} (not the caller's live lease), {@code CONFLICT} (not an
     * ml-train job, or a step not after the last one reported), {@code RATE_LIMITED} with the wait (sooner than
     * {@link #interval} after the lease's last report). A refused report changes nothing.
     */
    public Published report(JobId jobId, Did prover, String leaseToken, Report report) {
        long now = clock.millis();
        Job job = storage.read(tx -> tx.jobs().find(jobId)).orElseThrow(() -> PouwException.notFound("job " + jobId));
        LeaseFence.check(job, prover, leaseToken, now, grace);
        if (!ML_TRAIN.equals(job.kind())) {
            throw new PouwException(Problem.CONFLICT, "job_id", "job " + jobId + " is a " + job.kind()
                    + " job: only " + ML_TRAIN + " jobs report training progress");
        }
        long wait;
        synchronized (lanes) {
            Lane lane = lanes.get(jobId);
            if (lane == null || !lane.leaseToken.equals(leaseToken)) {
                lane = new Lane(leaseToken); // a new lease on the job starts a new curve
                lanes.put(jobId, lane);
            }
            if (now < lane.nextAtMs) {
                throw new PouwException(Problem.RATE_LIMITED, null, "job " + jobId + " reported its progress less"
                        + " than " + interval(lane.reports - 1) + " ms ago; the next report is heard from "
                        + lane.nextAtMs, lane.nextAtMs - now);
            }
            if (report.step() <= lane.lastStep) {
                throw new PouwException(Problem.CONFLICT, "step", "must be after the last step reported, "
                        + lane.lastStep + ", got " + report.step());
            }
            wait = interval(lane.reports);
            lane.reports++;
            lane.lastStep = report.step();
            lane.nextAtMs = now + wait;
        }
        EventData data = EventData.of().put("prover_id", prover.text()).put("attempt", job.attempts())
                .put("step", report.step()).put("loss", report.loss());
        if (report.accuracy() != null) {
            data.put("accuracy", report.accuracy().doubleValue());
        }
        EventDraft draft = new EventDraft(EVENT, job.jobId(), job.intentId(), data.toString());
        long seq = storage.write(tx -> tx.events().appendAll(List.of(draft), now).getLast().seq());
        observer.eventsAppended(seq);
        return new Published(jobId, report.step(), seq, wait);
    }

    /** The spacing after a lease's {@code reports}-th report (from 0): doubling every {@link #REPORTS_PER_LEVEL}. */
    static long interval(int reports) {
        int level = Math.max(0, reports) / REPORTS_PER_LEVEL;
        return level >= 10 ? LONGEST_INTERVAL_MS : FIRST_INTERVAL_MS << level;
    }
}
