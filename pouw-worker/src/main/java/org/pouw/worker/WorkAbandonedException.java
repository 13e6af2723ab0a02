package org.pouw.worker;

/**
 * Thrown into a prover (from its progress listener or a blob fetch) once its job was abandoned: the lease moved on
 * or the worker is shutting down. Provers that report progress thereby stop at once instead of burning CPU on work
 * nobody will accept.
 */
final class WorkAbandonedException extends RuntimeException {
    WorkAbandonedException(String jobId) {
        super("job " + jobId + " was abandoned", null, false, false);
    }
}
