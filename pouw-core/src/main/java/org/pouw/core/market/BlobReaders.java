package org.pouw.core.market;

import java.util.List;
import java.util.Optional;
import org.pouw.core.Clock;
import org.pouw.core.id.Did;
import org.pouw.core.id.JobId;
import org.pouw.core.job.Intent;
import org.pouw.core.job.Job;
import org.pouw.core.job.JobStatus;
import org.pouw.core.port.Storage;
import org.pouw.core.work.WorkKind;
import org.pouw.core.work.WorkKinds;

/**
 * Who may read a blob (issue 27, item 6). Datasets, traces, proofs and trained models are private: a blob is read
 * by one of its owners (whoever uploaded it), or through a job that names it:
 * <ul>
 *   <li>the job's requester reads what the job names: its trace, its result and its worker's inputs;</li>
 *   <li>the prover holding the job's live lease reads the inputs the job's kind declares
 *       ({@link WorkKind#proverInputs}), nothing else (for ml-train not the held-out set);</li>
 *   <li>the prover whose result completed the job reads that result.</li>
 * </ul>
 * A lease that ran out is no longer live, unless this node's own outage excuses it (as it does for renewing it).
 * The caller names the job, so the check is one read by primary key whatever the prover's history. The node's
 * admin reads everything; that is the edge's business, not this rule's.
 *
 * <p>An intent's details (its inputs and output) are the same private data as its trace, so they follow the same
 * rule: the requester, the holder of a live lease on one of its jobs, or the prover of one of its results.
 */
final class BlobReaders {
    private final Storage storage;
    private final Clock clock;
    private final WorkKinds kinds;
    private final LeaseGrace grace;

    BlobReaders(Storage storage, Clock clock, WorkKinds kinds, LeaseGrace grace) {
        this.storage = storage;
        this.clock = clock;
        this.kinds = kinds;
        this.grace = grace;
    }

    boolean mayRead(Did reader, String key, Optional<JobId> through) {
        long now = clock.millis();
        return storage.read(tx -> {
            if (tx.blobOwners().owns(key, reader.text())) {
                return true;
            }
            return through.flatMap(jobId -> tx.jobs().find(jobId))
                    .map(job -> readsThrough(reader, key, job, now))
                    .orElse(false);
        });
    }

    boolean mayReadIntent(Did reader, Intent intent) {
        if (intent.requester().equals(reader)) {
            return true;
        }
        long now = clock.millis();
        return storage.read(tx -> {
            for (JobId jobId : intent.jobIds()) {
                Optional<Job> job = tx.jobs().find(jobId);
                if (job.isPresent() && workedOn(reader, job.get(), now)) {
                    return true;
                }
            }
            return false;
        });
    }

    /** Whether {@code reader} holds the job's live lease or proved its result: it has read the job's trace. */
    private boolean workedOn(Did reader, Job job, long now) {
        if (!job.leaseHolder().equals(reader.text())) {
            return false;
        }
        return job.status() == JobStatus.COMPLETED || job.status() == JobStatus.IN_PROGRESS && holds(job, now);
    }

    private boolean readsThrough(Did reader, String key, Job job, long now) {
        if (job.requester().equals(reader)) {
            return key.equals(job.traceRef()) || key.equals(job.resultRef()) || proverInputs(job).contains(key);
        }
        if (!job.leaseHolder().equals(reader.text())) {
            return false;
        }
        if (job.status() == JobStatus.COMPLETED) {
            return !job.resultRef().isEmpty() && key.equals(job.resultRef());
        }
        return job.status() == JobStatus.IN_PROGRESS && holds(job, now) && proverInputs(job).contains(key);
    }

    private boolean holds(Job job, long now) {
        return job.leaseExpiresAtMs() >= now || grace.excuses(job.leaseHolder(), job.leaseExpiresAtMs(), now);
    }

    private List<String> proverInputs(Job job) {
        return kinds.find(job.kind()).map(kind -> kind.proverInputs(job.traceRef(), job.params())).orElse(List.of());
    }
}
