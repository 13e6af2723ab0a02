package org.pouw.ml.audit;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import org.pouw.crypto.Blake3;
import org.pouw.ml.hash.HashStream;
import org.pouw.ml.wire.Bytes32;
import org.pouw.ml.wire.CanonicalReader;
import org.pouw.ml.wire.CanonicalWriter;

/**
 * The verifier's answer to a commitment (wire message 2): a fresh random nonce, drawn only after the commitment
 * arrived, and how many steps to audit. The audited steps are a public function of (commitment id, nonce): a
 * worker that cannot predict the nonce cannot arrange its shortcuts around the audit, however many commitments it
 * tries, and anyone can recompute which steps were due.
 *
 * <p>Steps: {@code audits} distinct steps of the range (all of them if {@code audits} ≥ the range), drawn by
 * Floyd's algorithm from a {@link HashStream} keyed by {@code BLAKE3("pouw-ml-challenge-v1" ‖ commitment id ‖
 * nonce)}, returned in ascending order.
 */
public record AuditChallenge(Bytes32 commitmentId, Bytes32 nonce, int audits) {
    public static final int MAX_AUDITS = 1 << 16;
    private static final byte[] TAG = "PMLA\u0001".getBytes(StandardCharsets.ISO_8859_1);
    private static final byte[] DOMAIN = "pouw-ml-challenge-v1".getBytes(StandardCharsets.US_ASCII);

    public AuditChallenge {
        if (commitmentId == null || nonce == null) {
            throw new IllegalArgumentException("challenge fields must be set");
        }
        if (audits < 1 || audits > MAX_AUDITS) {
            throw new IllegalArgumentException("audits must be in [1, " + MAX_AUDITS + "], got " + audits);
        }
    }

    /** A challenge with a nonce from {@code random} — call only after the commitment is received and stored. */
    public static AuditChallenge issue(TrainingCommitment commitment, SecureRandom random, int audits) {
        byte[] nonce = new byte[Bytes32.LENGTH];
        random.nextBytes(nonce);
        return new AuditChallenge(commitment.id(), Bytes32.of(nonce), audits);
    }

    /** The steps to open, ascending. */
    public long[] auditedSteps(TrainingCommitment commitment) {
        if (!commitment.id().equals(commitmentId)) {
            throw new IllegalArgumentException("this challenge is for commitment " + commitmentId + ", not " + commitment.id());
        }
        long n = commitment.stepCount();
        int k = (int) Math.min(audits, n);
        HashStream stream = new HashStream(Bytes32.of(Blake3.hash(DOMAIN, commitmentId.toArray(), nonce.toArray())));
        Set<Long> chosen = new HashSet<>();
        // Floyd: for j in [n-k, n) pick t uniform in [0, j]; take t unless already taken, then j.
        for (long j = n - k; j < n; j++) {
            long t = stream.below(j + 1);
            chosen.add(chosen.contains(t) ? j : t);
        }
        long[] steps = new long[k];
        int i = 0;
        for (long index : chosen) {
            steps[i++] = commitment.fromStep() + index;
        }
        Arrays.sort(steps);
        return steps;
    }

    public byte[] encode() {
        return new CanonicalWriter(80).raw(TAG).bytes32(commitmentId).bytes32(nonce).i32(audits).toByteArray();
    }

    public static AuditChallenge decode(byte[] bytes) {
        CanonicalReader in = new CanonicalReader(bytes);
        in.expectTag(TAG, "audit challenge");
        Bytes32 commitmentId = in.bytes32("commitment id");
        Bytes32 nonce = in.bytes32("nonce");
        int audits = in.i32InRange("audits", 1, MAX_AUDITS);
        in.requireEnd("audit challenge");
        return new AuditChallenge(commitmentId, nonce, audits);
    }
}
