package org.pouw.store.jdbc;

import java.util.Arrays;
import java.util.List;
import org.pouw.core.id.JobId;

/**
 * Lists of job ids (of an intent or a ledger entry) kept in one text column, space-separated. Ids are hex, so the
 * separator cannot occur in one.
 */
public final class IdList {
    private IdList() {
    }

    public static String join(List<JobId> ids) {
        StringBuilder text = new StringBuilder(ids.size() * (JobId.BYTES * 2 + 1));
        for (JobId id : ids) {
            if (!text.isEmpty()) {
                text.append(' ');
            }
            text.append(id.hex());
        }
        return text.toString();
    }

    public static List<JobId> split(String text) {
        return text == null || text.isEmpty() ? List.of() : Arrays.stream(text.split(" ")).map(JobId::of).toList();
    }
}
