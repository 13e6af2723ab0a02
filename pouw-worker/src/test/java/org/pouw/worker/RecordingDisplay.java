package org.pouw.worker;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Keeps every event the worker shows, for assertions. */
final class RecordingDisplay implements WorkerDisplay {
    private final List<WorkerEvent> events = new CopyOnWriteArrayList<>();

    @Override
    public void show(WorkerEvent event, WorkerStats.Snapshot totals) {
        events.add(event);
    }

    List<WorkerEvent> events() {
        return List.copyOf(events);
    }

    <T extends WorkerEvent> List<T> events(Class<T> type) {
        return events.stream().filter(type::isInstance).map(type::cast).toList();
    }
}
