package org.pouw.core.operator;

import java.util.Objects;

/**
 * The operator paused claiming on every node sharing the database (issue 25, defect 8): claims answer 503
 * {@code claiming_paused} until it is resumed; posting, renewing and submitting go on.
 *
 * @param sinceMs  when it was paused, by the node's clock
 * @param pausedBy the admin did that paused it
 * @param reason   what the operator said, shown to the provers whose claims are refused
 */
public record ClaimingPause(long sinceMs, String pausedBy, String reason) {
    public ClaimingPause {
        Objects.requireNonNull(pausedBy, "pausedBy");
        reason = reason == null ? "" : reason;
    }
}
