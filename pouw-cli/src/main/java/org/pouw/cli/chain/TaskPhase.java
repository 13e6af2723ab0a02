package org.pouw.cli.chain;

import org.pouw.client.chain.ChainTask;

/** Where a posted task stands at a height (docs/chain.md §4.4), in words; the deadlines are inclusive heights. */
final class TaskPhase {
    private TaskPhase() {
    }

    static String of(ChainTask task, long head) {
        if (task.filler()) {
            return "filler";
        }
        if (task.settled()) {
            return "settled";
        }
        long next = head + 1;
        if (next <= task.commitBy()) {
            return "training";
        }
        if (next <= task.revealBy()) {
            return "model reveals";
        }
        if (next <= task.heldOutBy()) {
            return "held-out reveal";
        }
        return "settling";
    }
}
