package org.pouw.store.support;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.pouw.core.work.Verdict;
import org.pouw.core.work.WorkItem;
import org.pouw.core.work.WorkKind;

/**
 * A work kind for storage tests: the proof is accepted iff its bytes equal the job's params. The verifier is not
 * what these tests are about; the market's bookkeeping around it is.
 */
public final class EchoKind implements WorkKind {
    public static final String NAME = "test-echo";

    @Override
    public String name() {
        return NAME;
    }

    /** A worker may read the job's trace blob and nothing else. */
    @Override
    public List<String> proverInputs(String traceRef, String params) {
        return List.of(traceRef);
    }

    @Override
    public Verdict verify(WorkItem item, byte[] proof) {
        return Arrays.equals(proof, proofFor(item.params()))
                ? Verdict.ok()
                : Verdict.reject(Verdict.Reason.MISMATCH, "the proof does not echo the params");
    }

    /** The proof an honest worker submits. */
    public static byte[] proofFor(String params) {
        return params.getBytes(StandardCharsets.UTF_8);
    }
}
