package org.pouw.core;

/**
 * The one unchecked exception family for outcomes a caller caused (bad input, lost lease, missing job, short
 * balance). The {@link Problem} says which; the HTTP edge alone maps it to a status code. Bugs stay ordinary
 * runtime exceptions.
 */
public class PouwException extends RuntimeException {
    private final Problem problem;
    private final String field;
    private final long retryAfterMs;

    public PouwException(Problem problem, String field, String message) {
        this(problem, field, message, 0);
    }

    /** A refusal that ends at a known time: {@code retryAfterMs} from now the same call may pass (0: unknown). */
    public PouwException(Problem problem, String field, String message, long retryAfterMs) {
        super(message);
        this.problem = problem;
        this.field = field;
        this.retryAfterMs = Math.max(0, retryAfterMs);
    }

    public PouwException(Problem problem, String message) {
        this(problem, null, message);
    }

    public static PouwException invalid(String field, String message) {
        return new PouwException(Problem.INVALID_REQUEST, field, field + ": " + message);
    }

    public static PouwException notFound(String what) {
        return new PouwException(Problem.NOT_FOUND, what + " not found");
    }

    /**
     * Runs {@code action}; a field-less problem it throws (a short balance found deep in the ledger) comes out naming
     * {@code field}, the request field that caused it.
     */
    public static <T> T blaming(String field, java.util.function.Supplier<T> action) {
        try {
            return action.get();
        } catch (PouwException e) {
            if (e.field() != null) {
                throw e;
            }
            PouwException named = new PouwException(e.problem(), field, field + ": " + e.getMessage(),
                    e.retryAfterMs());
            named.addSuppressed(e);
            throw named;
        }
    }

    /**
     * This refusal as item {@code index} of the request's list {@code list} (a batch refused as a whole): the field
     * becomes {@code list[index].field} ({@code list[index]} when it named none) and the message starts with the item.
     */
    public PouwException inItem(String list, int index) {
        String item = list + "[" + index + "]";
        PouwException named = new PouwException(problem, field == null ? item : item + "." + field,
                item + ": " + getMessage(), retryAfterMs);
        named.addSuppressed(this);
        return named;
    }

    public Problem problem() {
        return problem;
    }

    /** The request field at fault, or null when the problem is not about one field. */
    public String field() {
        return field;
    }

    /** How long until the refusal ends, in ms; 0 when the refusal names no end (the edge then says one second). */
    public long retryAfterMs() {
        return retryAfterMs;
    }
}
