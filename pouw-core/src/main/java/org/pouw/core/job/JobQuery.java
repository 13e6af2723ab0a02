package org.pouw.core.job;

import org.pouw.core.id.IntentId;

/**
 * A page of jobs in creation order. {@code status}, {@code tier} and {@code kind} are optional filters (null = any);
 * {@code afterSeq} is the cursor: the {@code created_seq} of the last job of the previous page (0 for the first).
 */
public record JobQuery(JobStatus status, Tier tier, String kind, IntentId intentId, long afterSeq, int limit) {
}
