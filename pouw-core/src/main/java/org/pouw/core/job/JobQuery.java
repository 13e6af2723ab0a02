package org.pouw.core.job;

import org.pouw.core.id.IntentId;

/**
 * A page of jobs in creation order, oldest first or, with {@code newestFirst}, newest first. {@code status},
 * {@code tier}, {@code kind}, {@code intentId} and {@code prover} are optional filters (null = any); {@code prover}
 * keeps the jobs that prover has claimed at least once (any attempt, whatever its outcome). {@code afterSeq} is the
 * cursor: the {@code created_seq} of the last job of the previous page, 0 for the first page in either order.
 */
public record JobQuery(JobStatus status, Tier tier, String kind, IntentId intentId, String prover, boolean newestFirst,
        long afterSeq, int limit) {
    private static final java.util.regex.Pattern KIND_NAME = java.util.regex.Pattern.compile("[a-z][a-z0-9-]{0,63}");

    /** A kind is a work kind's name: lower-case letters, digits and dashes, starting with a letter, at most 64. */
    public JobQuery {
        if (kind != null && !isKindName(kind)) {
            throw new IllegalArgumentException("a kind is a work kind's name, got '" + kind + "'");
        }
    }

    /** Whether {@code text} has the form of a work kind's name ({@code reexec}, {@code vm-stark}, …). */
    public static boolean isKindName(String text) {
        return KIND_NAME.matcher(text).matches();
    }

    /** Oldest first, any prover: the order every reader but the console's list needs. */
    public JobQuery(JobStatus status, Tier tier, String kind, IntentId intentId, long afterSeq, int limit) {
        this(status, tier, kind, intentId, null, false, afterSeq, limit);
    }
}
