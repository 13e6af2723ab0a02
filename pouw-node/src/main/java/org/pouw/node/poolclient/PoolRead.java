package org.pouw.node.poolclient;

import tools.jackson.databind.node.ObjectNode;

/** What the node's read of its pool came to (docs/api.md "The pool"): the node's own answer, or why there is none. */
public sealed interface PoolRead {
    /** @param body the node's answer, built from the pool's after {@link PoolAnswers} checked every member */
    record Answered(ObjectNode body) implements PoolRead {
    }

    /** @param detail every pool tried and what was wrong with each, for the 503's message */
    record Unavailable(String detail) implements PoolRead {
    }
}
