package org.pouw.core.work;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.pouw.core.PouwException;

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
        if (kind.takesCommitment() && item.exchange().isEmpty()) {
            return Verdict.reject(Verdict.Reason.MALFORMED, "jobs of kind " + item.kind() + " are verified by"
                    + " commit → challenge → open: POST the commitment to /v1/pouw/jobs/" + item.jobId()
                    + "/commit first, then submit the opening");
        }
        return kind.verify(item, proof);
    }

    /** The challenge for a worker's commitment, drawn by the job's kind; refused for one-shot kinds. */
    public byte[] challenge(WorkItem item, byte[] commitment) {
        return challenge(item, commitment, AuditSample.FULL);
    }

    /** {@link #challenge(WorkItem, byte[])} auditing as {@code sample} says (the prover's level). */
    public byte[] challenge(WorkItem item, byte[] commitment, AuditSample sample) {
        WorkKind kind = byName.get(item.kind());
        if (kind == null) {
            throw PouwException.invalid("commitment", "this node has no verifier for kind " + item.kind());
        }
        return kind.challenge(item, commitment, sample);
    }
}
