package org.pouw.kinds.mltrain;

import java.util.LinkedHashMap;
import java.util.Map;
import org.pouw.core.work.WorkItem;

/**
 * The last few loaded tasks, by the blobs they came from (content-addressed, so a key always means the same
 * bytes). A commit and the verification after it, or a worker's next job of the same task, then skip decoding
 * and re-hashing the data.
 */
final class LoadedTasks {
    private final Map<String, LoadedTask> recent;

    LoadedTasks(int capacity) {
        this.recent = new LinkedHashMap<>(capacity + 1, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, LoadedTask> eldest) {
                return size() > capacity;
            }
        };
    }

    /** The task with both datasets, as the node verifies it. */
    LoadedTask load(WorkItem item) {
        return load(item, true);
    }

    /** The task and its training set, as a worker trains it; a task cached with its held-out set does too. */
    LoadedTask loadForTraining(WorkItem item) {
        return load(item, false);
    }

    private LoadedTask load(WorkItem item, boolean withHeldOut) {
        MlTrainParams params = MlTrainParams.parse(item.params());
        String key = key(item.traceRef(), params);
        synchronized (recent) {
            LoadedTask cached = recent.get(key);
            if (cached != null && cached.params().equals(params) && (cached.hasHeldOut() || !withHeldOut)) {
                return cached;
            }
        }
        // Outside the lock: it may take a while.
        LoadedTask loaded = withHeldOut ? LoadedTask.load(item) : LoadedTask.loadForTraining(item);
        remember(item.traceRef(), loaded);
        return loaded;
    }

    /** Keeps a task someone else already loaded and checked (the node, when the task was posted). */
    void remember(String taskRef, LoadedTask loaded) {
        synchronized (recent) {
            recent.put(key(taskRef, loaded.params()), loaded);
        }
    }

    private static String key(String taskRef, MlTrainParams params) {
        return taskRef + "/" + params.trainBlob() + "/" + params.heldOutBlob();
    }
}
