package org.pouw.store.jdbc;

import java.util.Arrays;
import java.util.List;

/**
 * Lists of ids (job ids of an intent or a ledger entry) kept in one text column, space-separated. Ids are hex, so
 * the separator cannot occur in one; an id that contains it is refused rather than silently split later.
 */
public final class IdList {
    private IdList() {
    }

    public static String join(List<String> ids) {
        for (String id : ids) {
            if (id.isEmpty() || id.indexOf(' ') >= 0) {
                throw new IllegalArgumentException("an id may not be empty or contain a space: '" + id + "'");
            }
        }
        return String.join(" ", ids);
    }

    public static List<String> split(String text) {
        return text == null || text.isEmpty() ? List.of() : Arrays.asList(text.split(" "));
    }
}
