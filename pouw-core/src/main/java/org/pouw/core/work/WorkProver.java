package org.pouw.core.work;

/** The worker's side of a {@link WorkKind}: turns a job into the proof its verifier accepts. */
public interface WorkProver {
    String kind();

    /**
     * Does the work. Throws {@link WorkFailedException} when the job cannot be done (a blob is missing, the params
     * make no sense); the worker reports that through {@code /fail} instead of submitting. Kinds verified by
     * commit → challenge → open send their commitment through {@code verifier} before building the proof, which
     * then answers the challenge; one-shot kinds ignore it.
     */
    byte[] prove(WorkItem item, ProgressListener progress, ChallengeChannel verifier);
}
