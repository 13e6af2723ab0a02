package org.pouw.core.work;

import org.pouw.core.job.Tier;

/** What a kind needs to prove or verify one job: its identity, the kind's own params (JSON) and its blobs. */
public record WorkItem(String jobId, String kind, Tier tier, String traceHash, String traceRef, String params,
                       BlobSource blobs) {
}
