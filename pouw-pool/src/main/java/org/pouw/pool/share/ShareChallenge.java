package org.pouw.pool.share;

/**
 * A node's share challenge whose signature held: the miner it was issued to, the node's minimum share work in bits,
 * when it expires, and the previous-hash field every header mined on it carries.
 */
public record ShareChallenge(String id, String miner, int minBits, long expiresAtMs, byte[] prevHash) {
}
