package org.pouw.store.support;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.List;
import org.pouw.core.PouwException;
import org.pouw.core.work.AuditSample;
import org.pouw.core.work.Verdict;
import org.pouw.core.work.WorkItem;
import org.pouw.core.work.WorkKind;

/**
 * A commit → challenge → open kind for storage tests: the commitment must start with the job's params, the
 * challenge is 16 fresh random bytes, and the proof is accepted iff it is the commitment followed by the stored
 * challenge. A job whose params mention {@code half} earns half its reward, as a trained model that missed its
 * target would.
 */
public final class AuditedEchoKind implements WorkKind {
    public static final String NAME = "test-audited-echo";
    private static final SecureRandom RANDOM = new SecureRandom();
    private volatile AuditSample lastSample;

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
    public boolean takesCommitment() {
        return true;
    }

    /** The audit sample the market asked for on the last challenge (the prover's level), null before any. */
    public AuditSample lastSample() {
        return lastSample;
    }

    @Override
    public byte[] challenge(WorkItem item, byte[] commitment, AuditSample sample) {
        lastSample = sample;
        return challenge(item, commitment);
    }

    @Override
    public byte[] challenge(WorkItem item, byte[] commitment) {
        byte[] params = item.params().getBytes(StandardCharsets.UTF_8);
        if (commitment.length < params.length || !Arrays.equals(commitment, 0, params.length, params, 0,
                params.length)) {
            throw PouwException.invalid("commitment", "must start with the job's params");
        }
        byte[] challenge = new byte[16];
        RANDOM.nextBytes(challenge);
        return challenge;
    }

    @Override
    public Verdict verify(WorkItem item, byte[] proof) {
        byte[] commitment = item.exchange().commitment();
        byte[] challenge = item.exchange().challenge();
        byte[] expected = Arrays.copyOf(commitment, commitment.length + challenge.length);
        System.arraycopy(challenge, 0, expected, commitment.length, challenge.length);
        if (!Arrays.equals(proof, expected)) {
            return Verdict.reject(Verdict.Reason.MISMATCH, "the proof does not open the commitment at the challenge");
        }
        return Verdict.ok("{\"opened\":true}", item.params().contains("half") ? 50 : 100);
    }

    /** The commitment an honest worker sends. */
    public static byte[] commitmentFor(String params) {
        return (params + "|commitment").getBytes(StandardCharsets.UTF_8);
    }

    /** The proof an honest worker sends for {@code challenge}. */
    public static byte[] openingFor(String params, byte[] challenge) {
        byte[] commitment = commitmentFor(params);
        byte[] opening = Arrays.copyOf(commitment, commitment.length + challenge.length);
        System.arraycopy(challenge, 0, opening, commitment.length, challenge.length);
        return opening;
    }
}
