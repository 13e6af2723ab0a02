package org.pouw.core.job;

import java.util.Objects;

/**
 * What a job asks of the machine that proves it (issue 27, item 3), derived by its kind from the job's size: the
 * memory a prover needs, in MiB, and the size of the largest result (proof or opening) it may have to upload, in
 * bytes; 0 where the kind states none. {@code sizeField} is the request field the size follows from (an ML task's
 * {@code model}, a program's {@code max_steps}): a node that could not serve the job refuses it naming that field.
 */
public record JobNeeds(long memoryMb, long resultBytes, String sizeField) {
    /** A job that states no needs: every worker that runs its kind may take it. */
    public static final JobNeeds NONE = new JobNeeds(0, 0, "");

    public JobNeeds {
        Objects.requireNonNull(sizeField, "sizeField");
        if (memoryMb < 0 || resultBytes < 0) {
            throw new IllegalArgumentException("needs must be >= 0, got memory " + memoryMb + " MiB and a result of "
                    + resultBytes + " bytes");
        }
    }
}
