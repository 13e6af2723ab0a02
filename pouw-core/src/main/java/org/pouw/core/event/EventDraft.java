package org.pouw.core.event;

/** An event before the store numbers it. {@code data} is a JSON object as text. */
public record EventDraft(String type, String jobId, String intentId, String data) {
    public EventDraft {
        jobId = jobId == null ? "" : jobId;
        intentId = intentId == null ? "" : intentId;
        data = data == null ? "{}" : data;
    }
}
