package org.pouw.node.intents;

import java.util.ArrayList;
import java.util.List;
import org.pouw.core.PouwException;
import org.pouw.core.job.ClaimRequest;
import org.pouw.core.job.Job;
import org.pouw.core.job.JobStatus;
import org.pouw.core.market.IntentDraft;
import org.pouw.core.market.IntentRecord;
import org.pouw.core.market.JobMarket;
import org.pouw.core.work.ProgressListener;
import org.pouw.core.work.WorkFailedException;
import org.pouw.core.work.WorkItem;
import org.pouw.core.work.WorkProver;
import org.pouw.kinds.reexec.ProgramExecution;
import org.pouw.node.config.PouwMode;

/**
 * Executes intents and turns them into proof jobs (ARCHITECTURE.md §2). In {@code disabled} mode there is no
 * queue to wait in: the node proves and verifies the jobs itself before answering, through the same market calls
 * a worker makes, so the same checks and ledger postings apply.
 */
public final class IntentService {
    private final JobMarket market;
    private final ProgramExecution execution;
    private final PouwMode mode;
    private final int segmentSteps;
    private final long maxSteps;
    private final WorkProver inlineProver;
    private final String nodeDid;

    public IntentService(JobMarket market, ProgramExecution execution, PouwMode mode, int segmentSteps,
                         long maxSteps, WorkProver inlineProver, String nodeDid) {
        this.market = market;
        this.execution = execution;
        this.mode = mode;
        this.segmentSteps = segmentSteps;
        this.maxSteps = maxSteps;
        this.inlineProver = inlineProver;
        this.nodeDid = nodeDid;
    }

    public IntentRecord submit(IntentRequest request) {
        if (request.maxSteps() > maxSteps) {
            throw PouwException.invalid("max_steps", "must be at most " + maxSteps + " (intents.max_steps), got "
                    + request.maxSteps());
        }
        if (request.fee() < 0) {
            throw PouwException.invalid("fee", "must be >= 0, got " + request.fee());
        }
        ProgramExecution.Executed executed = execution.execute(request.program(), request.inputs(),
                request.maxSteps(), request.tier(), segmentSteps);
        IntentRecord record = market.open(new IntentDraft(request.requester(), executed.programRef(),
                decimalArray(request.inputs()), request.maxSteps(), request.tier(), request.fee(),
                decimalArray(executed.output()), executed.steps(), executed.traceHash(), executed.traceRef(),
                executed.jobs()));
        if (mode == PouwMode.DISABLED) {
            proveInline(record);
        }
        return record;
    }

    /** Claims and proves jobs as the node itself until every job of this intent is completed. */
    private void proveInline(IntentRecord record) {
        List<String> mine = new ArrayList<>(record.intent().jobIds());
        ClaimRequest claim = new ClaimRequest(List.of(inlineProver.kind()), List.of(), mine.size(), 0);
        int rounds = 0;
        while (!allCompleted(mine) && rounds++ < 1000) {
            List<Job> jobs = market.claim(nodeDid, claim);
            for (Job job : jobs) {
                WorkItem item = new WorkItem(job.jobId(), job.kind(), job.tier(), job.traceHash(), job.traceRef(),
                        job.params(), key -> market.storage().blobs().get(key)
                                .orElseThrow(() -> new WorkFailedException("blob " + key + " is missing")));
                market.submit(job.jobId(), nodeDid, job.leaseToken(), inlineProver.prove(item,
                        ProgressListener.NONE));
            }
            if (jobs.isEmpty()) {
                pause(); // another request holds one of our jobs; it finishes it in its own call
            }
        }
    }

    private static void pause() {
        try {
            Thread.sleep(2);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while proving inline", e);
        }
    }

    private boolean allCompleted(List<String> jobIds) {
        for (String jobId : jobIds) {
            if (market.job(jobId).map(Job::status).orElse(null) != JobStatus.COMPLETED) {
                return false;
            }
        }
        return true;
    }

    static String decimalArray(long[] values) {
        StringBuilder json = new StringBuilder("[");
        for (int i = 0; i < values.length; i++) {
            if (i > 0) {
                json.append(',');
            }
            json.append('"').append(Long.toUnsignedString(values[i])).append('"');
        }
        return json.append(']').toString();
    }
}
