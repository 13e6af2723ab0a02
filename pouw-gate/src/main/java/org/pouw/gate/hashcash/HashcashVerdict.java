package org.pouw.gate.hashcash;

/** What {@link HashcashCheck} found: one accepted value, one value for each way a stamp fails. */
public enum HashcashVerdict {
    ACCEPTED,
    /** Not seven fields of printable ASCII within 256 characters. */
    MALFORMED,
    /** Not a version 1 stamp (v0 and later versions are refused). */
    WRONG_VERSION,
    /** Minted for another resource than the challenge's. */
    WRONG_RESOURCE,
    /** The SHA-1 of the stamp has fewer leading zero bits than the challenge asks for. */
    INSUFFICIENT_WORK
}
