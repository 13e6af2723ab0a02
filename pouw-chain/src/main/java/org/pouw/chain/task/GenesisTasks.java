package org.pouw.chain.task;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.pouw.chain.state.StateLayer;
import org.pouw.ml.wire.Bytes32;

/** The tasks a genesis file names: minable on every block, whatever the state. */
public final class GenesisTasks implements MinableTasks {
    private final Map<Bytes32, MinableTask> byId = new LinkedHashMap<>();

    public GenesisTasks(List<MinableTask> tasks) {
        for (MinableTask task : tasks) {
            byId.put(task.id(), task);
        }
    }

    @Override
    public Optional<MinableTask> find(Bytes32 taskId, StateLayer parentState) {
        return Optional.ofNullable(byId.get(taskId));
    }
}
