package org.pouw.stark.air.hashchain;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.pouw.crypto.Blake3;
import org.pouw.crypto.Hex;

/**
 * Whose proof this is and for which job (docs/stark.md, "Threat model"): the job id (16 bytes) and
 * {@code BLAKE3("pouw-prover-v1" ‖ UTF-8 of the prover's did:key)}. Both are public inputs, so the Fiat–Shamir
 * transcript absorbs them before any challenge: a proof made for one job and prover does not verify for another.
 */
public record JobBinding(byte[] jobId, byte[] proverHash) {
    public static final int JOB_ID_LENGTH = 16;
    public static final int PROVER_HASH_LENGTH = 32;
    private static final byte[] PROVER_DOMAIN = "pouw-prover-v1".getBytes(StandardCharsets.US_ASCII);

    public JobBinding {
        jobId = checkLength(jobId, JOB_ID_LENGTH, "job id");
        proverHash = checkLength(proverHash, PROVER_HASH_LENGTH, "prover hash");
    }

    /**
     * The binding of a job to the prover whose did:key is {@code proverDid}.
     *
     * @param jobIdHex  the job id as its 32 hex digits
     * @param proverDid the prover's DID text ({@code did:key:z…}); its UTF-8 bytes are hashed
     */
    public static JobBinding of(String jobIdHex, String proverDid) {
        if (jobIdHex == null || !jobIdHex.matches("[0-9a-f]{" + 2 * JOB_ID_LENGTH + "}")) {
            throw new IllegalArgumentException("job id must be " + 2 * JOB_ID_LENGTH + " lower-case hex digits, got '"
                    + jobIdHex + "'");
        }
        if (proverDid == null || !proverDid.startsWith("did:key:z")) {
            throw new IllegalArgumentException("prover must be a did:key, got '" + proverDid + "'");
        }
        return new JobBinding(Hex.decode(jobIdHex), proverHash(proverDid));
    }

    /** {@code BLAKE3("pouw-prover-v1" ‖ UTF-8(did))}: fixed-length, so the public inputs stay small. */
    public static byte[] proverHash(String proverDid) {
        return Blake3.hash(PROVER_DOMAIN, proverDid.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] checkLength(byte[] bytes, int length, String name) {
        if (bytes == null || bytes.length != length) {
            throw new IllegalArgumentException(name + " must be " + length + " bytes");
        }
        return bytes.clone();
    }

    @Override
    public byte[] jobId() {
        return jobId.clone();
    }

    @Override
    public byte[] proverHash() {
        return proverHash.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof JobBinding b && Arrays.equals(jobId, b.jobId)
                && Arrays.equals(proverHash, b.proverHash);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(jobId) * 31 + Arrays.hashCode(proverHash);
    }

    @Override
    public String toString() {
        return "job " + Hex.encode(jobId) + ", prover " + Hex.encode(proverHash).substring(0, 16) + "…";
    }
}
