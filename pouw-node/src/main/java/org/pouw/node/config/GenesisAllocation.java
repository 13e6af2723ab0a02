package org.pouw.node.config;

/** A dev genesis credit: {@code amount} base units to {@code account} on first start. */
public record GenesisAllocation(String account, long amount) {
}
