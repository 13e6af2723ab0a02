package org.pouw.node.poolclient;

import org.pouw.gate.poolattest.RelayAnswer;

/**
 * A pool's 4xx (429 included): it is up and judged the share. Thrown through the breaker only so that the breaker
 * ignores it: anyone can send a bad share, so refusals must neither open a breaker nor keep one closed.
 */
final class PoolRefusal extends RuntimeException {
    private final RelayAnswer.Refused answer;

    PoolRefusal(RelayAnswer.Refused answer) {
        super(answer.code(), null, false, false);
        this.answer = answer;
    }

    RelayAnswer.Refused answer() {
        return answer;
    }
}
