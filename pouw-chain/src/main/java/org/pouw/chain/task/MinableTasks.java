package org.pouw.chain.task;

import java.util.Optional;
import org.pouw.chain.state.StateLayer;
import org.pouw.ml.wire.Bytes32;

/**
 * Which tasks a block on a given parent may be mined on (docs/chain.md §4): a header names its task by id, and the
 * import resolves it against the parent's state. Today the genesis tasks answer ({@code GenesisTasks}); tasks paid
 * for on chain will answer from the state, so a task admitted at height h is minable on blocks after it.
 */
public interface MinableTasks {
    /** The task {@code taskId} if a block built on {@code parentState} may be mined on it. */
    Optional<MinableTask> find(Bytes32 taskId, StateLayer parentState);
}
