package org.pouw.client.ledger;

/** One leg of a ledger entry: an account and the signed amount it moved (the legs of an entry sum to zero). */
public record NodePosting(String account, long amount) {
}
