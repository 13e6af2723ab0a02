package org.pouw.core.event;

import org.pouw.core.id.IntentId;
import org.pouw.core.id.JobId;

/** An event before the store numbers it. {@code data} is a JSON object as text. */
public record EventDraft(String type, String jobId, String intentId, String data) {
    public EventDraft {
        jobId = jobId == null ? "" : jobId;
        intentId = intentId == null ? "" : intentId;
        data = data == null ? "{}" : data;
    }

    /** An event about a job of an intent; the log stores both ids as their text. */
    public EventDraft(String type, JobId jobId, IntentId intentId, String data) {
        this(type, jobId.hex(), intentId.hex(), data);
    }

    /** An event about an intent as a whole, no job in particular. */
    public EventDraft(String type, IntentId intentId, String data) {
        this(type, "", intentId.hex(), data);
    }
}
