package org.pouw.stark;

import org.pouw.stark.air.hashchain.HashChainStatement;
import org.pouw.stark.air.hashchain.JobBinding;

/** One job and prover for the tests about the hash chain itself, where whose proof it is does not matter. */
public final class FixedBinding {
    public static final String JOB_ID = "00112233445566778899aabbccddeeff";
    public static final String PROVER = "did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK";
    public static final JobBinding BINDING = JobBinding.of(JOB_ID, PROVER);

    private FixedBinding() {
    }

    /** The statement {@code output = H^steps(seed)} for {@link #BINDING}. */
    public static HashChainStatement statement(long[] seed, long steps, long[] output) {
        return new HashChainStatement(seed, steps, output, BINDING);
    }
}
