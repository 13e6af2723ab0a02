package org.pouw.core.port;

/**
 * A committed write whose events may not be readable yet ({@link Storage#writeUnpublished}): its result, and the
 * step that makes its events readable. The caller runs {@code publish} once, after whatever it wanted to do
 * between the commit and the publication (a claim group hands its place on to the next group first: issue 26).
 * {@code publish} never throws for the write: it committed, and a store's timer publishes what a step leaves.
 *
 * @param value   what the write's work answered
 * @param publish makes the write's events readable; may wait for older transactions to end
 * @param <T>     the work's answer
 */
public record Committed<T>(T value, Runnable publish) {
    private static final Runnable NOTHING = () -> {
    };

    public Committed {
        if (publish == null) {
            throw new IllegalArgumentException("publish must not be null");
        }
    }

    /** A write whose events were readable when it committed (SQLite numbers them inside the transaction). */
    public static <T> Committed<T> published(T value) {
        return new Committed<>(value, NOTHING);
    }

    /** The same publication step with another answer. */
    public <U> Committed<U> withValue(U other) {
        return new Committed<>(other, publish);
    }
}
