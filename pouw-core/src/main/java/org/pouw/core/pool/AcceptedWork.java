package org.pouw.core.pool;

/** A miner's accepted work over some span: how many shares, and their credited difficulties summed. */
public record AcceptedWork(long shares, long credited) {
    public static final AcceptedWork NONE = new AcceptedWork(0, 0);
}
