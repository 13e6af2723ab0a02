package org.pouw.pool.share;

/** A step of the share check: the value it established, or the refusal that ends the check. */
record Checked<T>(T value, ShareVerdict.Refused refused) {
    static <T> Checked<T> ok(T value) {
        return new Checked<>(value, null);
    }

    static <T> Checked<T> no(ShareReason reason, String field, String message) {
        return new Checked<>(null, ShareVerdict.refused(reason, field, message));
    }

    boolean failed() {
        return refused != null;
    }
}
