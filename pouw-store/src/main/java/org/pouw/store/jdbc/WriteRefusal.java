package org.pouw.store.jdbc;

/**
 * A refusal decided inside a write transaction: thrown so the storage rolls back everything the transaction wrote
 * (a counter already incremented, a row already inserted), then caught outside it and answered. Carries no stack
 * trace: it is an answer, not a failure.
 */
final class WriteRefusal extends RuntimeException {
    private final transient Object answer;

    WriteRefusal(Object answer) {
        super(String.valueOf(answer), null, false, false);
        this.answer = answer;
    }

    <T> T answer(Class<T> type) {
        return type.cast(answer);
    }
}
