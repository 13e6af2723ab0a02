package org.pouw.client.ledger;

import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * One entry of the hash-chained, double-entry ledger: {@code hash = BLAKE3(prev_hash ‖ canonical body)}
 * (docs/test-vectors.md); {@code jobIds} are the jobs it settles.
 */
public record LedgerEntry(long seq, String kind, String key, List<Posting> postings, List<String> jobIds,
                          String memo, long atMs, String prevHash, String hash) {
    public static LedgerEntry from(JsonNode json) {
        return new LedgerEntry(json.path("seq").asLong(0), json.path("kind").asString(""),
                json.path("key").asString(""),
                json.path("postings").valueStream()
                        .map(p -> new Posting(p.path("account").asString(""), p.path("amount").asLong(0))).toList(),
                json.path("job_ids").valueStream().map(id -> id.asString("")).toList(),
                json.path("memo").asString(""), json.path("at_ms").asLong(0), json.path("prev_hash").asString(""),
                json.path("hash").asString(""));
    }

    /** What this entry moved in or out of {@code account}: the sum of its postings to it. */
    public long amountFor(String account) {
        return postings.stream().filter(p -> p.account().equals(account)).mapToLong(Posting::amount).sum();
    }

    static List<LedgerEntry> listOf(JsonNode array) {
        return array.valueStream().map(LedgerEntry::from).toList();
    }
}
