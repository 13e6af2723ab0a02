package org.pouw.gate;

/**
 * The outcome of a gate rule as a value (STYLE.md: expected outcomes are values; bugs are exceptions): accepted with
 * what was established, or rejected with a reason code and a detail for the client.
 */
public sealed interface GateVerdict<T> {
    record Accepted<T>(T value) implements GateVerdict<T> {
    }

    record Rejected<T>(RejectionReason reason, String detail) implements GateVerdict<T> {
        /** The same rejection, typed for a caller that expected something else. */
        public <U> Rejected<U> as() {
            return new Rejected<>(reason, detail);
        }
    }

    static <T> GateVerdict<T> accepted(T value) {
        return new Accepted<>(value);
    }

    static <T> GateVerdict<T> rejected(RejectionReason reason, String detail) {
        return new Rejected<>(reason, detail);
    }

    default boolean isAccepted() {
        return this instanceof Accepted<T>;
    }
}
