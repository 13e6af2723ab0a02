package org.pouw.core.job;

import java.util.Objects;
import org.pouw.core.id.JobId;

/**
 * One job's place in a batch (the {@code full} tier, issue 22 §3): several intents' jobs settled by one proof
 * submitted to the batch's lead job. A job waits for a batch under the held kind {@link #WAITING_KIND}, which no
 * claim ever matches; when a batch forms, its oldest member becomes the lead and takes the batch's kind and params,
 * and every member (the lead too) keeps here the kind and params it falls back to if the batch fails, so a failed
 * batch releases its intents to be proven one by one instead of holding them.
 */
public record BatchMember(JobId jobId, JobId leadJobId, String fallbackKind, String fallbackParams) {
    /** The kind of a job waiting for a batch, or riding in one: never claimed, settled only through its lead. */
    public static final String WAITING_KIND = "batch-member";

    public BatchMember {
        Objects.requireNonNull(jobId, "jobId");
        Objects.requireNonNull(leadJobId, "leadJobId");
        Objects.requireNonNull(fallbackKind, "fallbackKind");
        Objects.requireNonNull(fallbackParams, "fallbackParams");
    }

    public boolean isLead() {
        return jobId.equals(leadJobId);
    }
}
