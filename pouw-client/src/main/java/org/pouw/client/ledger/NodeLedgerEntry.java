package org.pouw.client.ledger;

import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * One entry of the hash-chained, double-entry ledger: {@code hash = BLAKE3(prev_hash ‖ canonical body)}
 * (docs/test-vectors.md); {@code jobIds} are the jobs it settles.
 */
public record NodeLedgerEntry(long seq, String kind, String key, List<NodePosting> postings, List<String> jobIds,
                          String memo, long atMs, String prevHash, String hash) {
    public static NodeLedgerEntry from(JsonNode json) {
        return new NodeLedgerEntry(json.path("seq").asLong(0), json.path("kind").asString(""),
                json.path("key").asString(""),
                json.path("postings").valueStream()
                        .map(p -> new NodePosting(p.path("account").asString(""), p.path("amount").asLong(0))).toList(),
                json.path("job_ids").valueStream().map(id -> id.asString("")).toList(),
                json.path("memo").asString(""), json.path("at_ms").asLong(0), json.path("prev_hash").asString(""),
                json.path("hash").asString(""));
    }

    /** What this entry moved in or out of {@code account}: the sum of its postings to it. */
    public long amountFor(String account) {
        return postings.stream().filter(p -> p.account().equals(account)).mapToLong(NodePosting::amount).sum();
    }

    static List<NodeLedgerEntry> listOf(JsonNode array) {
        return array.valueStream().map(NodeLedgerEntry::from).toList();
    }
}
