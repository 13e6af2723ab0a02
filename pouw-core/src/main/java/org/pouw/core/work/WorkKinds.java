package org.pouw.core.work;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The kinds a node accepts, by name. */
public final class WorkKinds {
    private final Map<String, WorkKind> byName = new LinkedHashMap<>();

    public WorkKinds(List<WorkKind> kinds) {
        for (WorkKind kind : kinds) {
            if (byName.putIfAbsent(kind.name(), kind) != null) {
                throw new IllegalArgumentException("two work kinds named " + kind.name());
            }
        }
    }

    public Optional<WorkKind> find(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    public List<String> names() {
        return List.copyOf(byName.keySet());
    }

    /** Verifies through the job's kind; a job of a kind this node does not know is rejected, never accepted. */
    public Verdict verify(WorkItem item, byte[] proof) {
        WorkKind kind = byName.get(item.kind());
        if (kind == null) {
            return Verdict.reject(Verdict.Reason.UNKNOWN_KIND, "this node has no verifier for kind " + item.kind());
        }
        return kind.verify(item, proof);
    }
}
