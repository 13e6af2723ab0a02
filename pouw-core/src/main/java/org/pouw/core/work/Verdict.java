package org.pouw.core.work;

/**
 * The outcome of verifying one proof: accepted, or rejected with a reason and a human-readable detail. An accepted
 * verdict may carry what the verifier learnt about the result ({@code info}, a JSON object as text, stored with
 * the job) and the share of the job's reward it earns ({@code rewardPercent}; the rest goes back to the client):
 * a trained model that misses its task's target is still verified work, paid by the node's policy.
 */
public record Verdict(boolean accepted, Reason reason, String detail, String info, int rewardPercent) {
    public enum Reason {
        OK("ok"),
        MALFORMED("malformed"),
        MISMATCH("mismatch"),
        WRONG_PARAMETERS("wrong_parameters"),
        UNKNOWN_KIND("unknown_kind");

        private final String wire;

        Reason(String wire) {
            this.wire = wire;
        }

        public String wire() {
            return wire;
        }
    }

    public Verdict {
        if (rewardPercent < 0 || rewardPercent > 100) {
            throw new IllegalArgumentException("rewardPercent must be in [0, 100], got " + rewardPercent);
        }
        info = info == null || info.isEmpty() ? "{}" : info;
    }

    public static Verdict ok() {
        return new Verdict(true, Reason.OK, "", "{}", 100);
    }

    /** Accepted, with the verifier's findings and the share of the reward they earn. */
    public static Verdict ok(String info, int rewardPercent) {
        return new Verdict(true, Reason.OK, "", info, rewardPercent);
    }

    public static Verdict reject(Reason reason, String detail) {
        if (reason == Reason.OK) {
            throw new IllegalArgumentException("a rejection needs a reason other than OK");
        }
        return new Verdict(false, reason, detail, "{}", 0);
    }
}
