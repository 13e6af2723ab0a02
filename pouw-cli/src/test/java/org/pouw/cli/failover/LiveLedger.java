package org.pouw.cli.failover;

import java.util.ArrayList;
import java.util.List;
import org.pouw.client.ledger.NodeLedgerEntry;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A node's whole ledger as its API pages it out, checked dense (entries 1, 2, 3 … with none missing). */
final class LiveLedger {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private LiveLedger() {
    }

    static List<NodeLedgerEntry> entries(ScenarioNode node) {
        List<NodeLedgerEntry> all = new ArrayList<>();
        long after = 0;
        while (true) {
            JsonNode page = JSON.readTree(node.get("/v1/ledger/entries?after=" + after + "&limit=1000").body());
            List<NodeLedgerEntry> entries = page.path("entries").valueStream().map(NodeLedgerEntry::from).toList();
            if (entries.isEmpty()) {
                return all;
            }
            for (NodeLedgerEntry entry : entries) {
                if (entry.seq() != all.size() + 1) {
                    throw new AssertionError("ledger entries are not dense: " + entry.seq() + " after " + all.size());
                }
                all.add(entry);
            }
            after = entries.getLast().seq();
        }
    }
}
