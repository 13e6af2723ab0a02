package org.pouw.core.work;

/** The outcome of verifying one proof: accepted, or rejected with a reason and a human-readable detail. */
public record Verdict(boolean accepted, Reason reason, String detail) {
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

    public static Verdict ok() {
        return new Verdict(true, Reason.OK, "");
    }

    public static Verdict reject(Reason reason, String detail) {
        if (reason == Reason.OK) {
            throw new IllegalArgumentException("a rejection needs a reason other than OK");
        }
        return new Verdict(false, reason, detail);
    }
}
