package org.pouw.store;

import java.util.Optional;
import org.pouw.core.Clock;
import org.pouw.core.id.JobId;
import org.pouw.core.job.Job;
import org.pouw.core.job.JobStatus;
import org.pouw.core.port.Storage;
import org.pouw.gate.useful.JobLeaseHolders;

/**
 * pouw-gate's {@link JobLeaseHolders} read from the market's job store (any storage: SQLite or PostgreSQL): the
 * holder of a job that is in progress under a lease not yet expired on the {@link Clock}. A lease past its expiry
 * names nobody even before the reaper releases it, so a worker whose lease ran out can not take the job's challenge.
 * A text that is not a job id names no job. Reads only; nothing is cached.
 */
public final class JobStoreLeaseHolders implements JobLeaseHolders {
    private final Storage storage;
    private final Clock clock;

    public JobStoreLeaseHolders(Storage storage, Clock clock) {
        this.storage = storage;
        this.clock = clock;
    }

    @Override
    public Optional<String> holderOf(String jobId) {
        if (jobId == null || !JobId.isWellFormed(jobId)) {
            return Optional.empty();
        }
        Optional<Job> job = storage.read(tx -> tx.jobs().find(JobId.of(jobId)));
        long now = clock.millis();
        return job.filter(j -> j.status() == JobStatus.IN_PROGRESS && !j.leaseHolder().isEmpty()
                        && j.leaseExpiresAtMs() > now)
                .map(Job::leaseHolder);
    }
}
