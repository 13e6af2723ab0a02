package org.pouw.node.http;

import org.pouw.core.PouwException;
import org.pouw.core.job.Accelerator;
import org.pouw.core.job.MachineNeeds;

/**
 * The request fields that name a machine (issue 27, item 3): a worker's cores and accelerators when it claims, an
 * intent's least cores and required accelerators when it is posted. Absent fields state nothing; a present one must
 * make sense, or the request is refused naming it.
 */
final class MachineFields {
    private MachineFields() {
    }

    /** A number of cores in {@code field}: 0 when absent, else 1 to {@link MachineNeeds#MAX_CORES}. */
    static int cores(RequestBody body, String field, String what) {
        if (!body.has(field)) {
            return 0;
        }
        long cores = body.integer(field);
        if (cores < 1 || cores > MachineNeeds.MAX_CORES) {
            throw PouwException.invalid(field, "must be between 1 and " + MachineNeeds.MAX_CORES + " (" + what
                    + "; leave it out to state none), got " + cores);
        }
        return (int) cores;
    }

    /** The accelerators named in {@code field}, each on the closed list, as a mask (0 when absent). */
    static long accelerators(RequestBody body, String field) {
        return Accelerator.mask(field, body.strings(field));
    }
}
