package org.pouw.node.logs;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What an audited request did, filled in by its endpoint while it runs and written as one audit line when the
 * answer is known: the action, its parameters (path parameters and chosen body fields, never secrets), and the
 * ledger entries it made.
 */
public final class AuditNote {
    private final String action;
    private final Map<String, String> details = new LinkedHashMap<>();
    private final List<Long> ledgerEntryIds = new ArrayList<>();

    AuditNote(String action) {
        this.action = action;
    }

    /** A note outside any request (an endpoint called directly): kept nowhere. */
    public static AuditNote detached(String action) {
        return new AuditNote(action);
    }

    public String action() {
        return action;
    }

    /** Adds a parameter of the action. Callers pass only what is safe to keep: ids, amounts, names. */
    public synchronized AuditNote detail(String name, String value) {
        details.put(name, value);
        return this;
    }

    /** Cites a ledger entry the action made, by its sequence number. */
    public synchronized AuditNote ledgerEntry(long seq) {
        ledgerEntryIds.add(seq);
        return this;
    }

    /** The parameters in the order they were added. */
    public synchronized List<Map.Entry<String, String>> orderedDetails() {
        return List.copyOf(details.entrySet().stream().map(e -> Map.entry(e.getKey(), e.getValue())).toList());
    }

    public synchronized List<Long> ledgerEntryIds() {
        return List.copyOf(ledgerEntryIds);
    }
}
