package org.pouw.core.ledger;

/** One line of a double-entry ledger entry: {@code amount} (base units, signed) added to {@code account}. */
public record Posting(String account, long amount) {
}
