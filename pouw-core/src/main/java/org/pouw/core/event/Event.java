package org.pouw.core.event;

/**
 * One entry of the append-only event log; {@code seq} is dense and increasing in commit order, so an SSE client
 * resumes with {@code Last-Event-ID} and misses nothing. {@code data} is a JSON object.
 */
public record Event(long seq, String type, String jobId, String intentId, String data, long atMs) {
}
