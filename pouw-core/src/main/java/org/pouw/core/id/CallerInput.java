package org.pouw.core.id;

import java.util.function.Function;
import org.pouw.core.PouwException;

/**
 * The edge form of the records' constructors: text a caller sent that does not make a valid id is the caller's
 * mistake (an invalid request naming the field), not a bug, so it leaves as a {@link PouwException}.
 */
final class CallerInput {
    private CallerInput() {
    }

    static <T> T parse(String field, String text, Function<String, T> make) {
        try {
            return make.apply(text);
        } catch (IllegalArgumentException e) {
            throw PouwException.invalid(field, e.getMessage());
        }
    }
}
