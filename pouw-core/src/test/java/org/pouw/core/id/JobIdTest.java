package org.pouw.core.id;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.pouw.core.job.Tier;
import org.pouw.crypto.Blake3;
import org.pouw.crypto.Hex;

/** The published job-id vectors of docs/test-vectors.md: tomorrow's code must give today's ids. */
class JobIdTest {
    static final String INTENT_A = "00".repeat(32);
    static final String TRACE_A = "11".repeat(32);
    static final String INTENT_B = Hex.encode(Blake3.hash("intent-b".getBytes(StandardCharsets.US_ASCII)));
    static final String TRACE_B = Hex.encode(Blake3.hash("trace-b".getBytes(StandardCharsets.US_ASCII)));

    @Test
    void matchesThePublishedVectors() {
        assertThat(derive(INTENT_A, TRACE_A, Tier.MACRO, 0)).isEqualTo(VECTOR_1);
        assertThat(derive(INTENT_A, TRACE_A, Tier.MICRO, 1)).isEqualTo(VECTOR_2);
        assertThat(derive(INTENT_B, TRACE_B, Tier.FULL, 0x0102030405060708L)).isEqualTo(VECTOR_3);
    }

    @Test
    void everyInputChangesTheId() {
        String base = derive(INTENT_A, TRACE_A, Tier.MACRO, 7);
        assertThat(derive(INTENT_B, TRACE_A, Tier.MACRO, 7)).isNotEqualTo(base);
        assertThat(derive(INTENT_A, TRACE_B, Tier.MACRO, 7)).isNotEqualTo(base);
        assertThat(derive(INTENT_A, TRACE_A, Tier.MICRO, 7)).isNotEqualTo(base);
        assertThat(derive(INTENT_A, TRACE_A, Tier.MACRO, 8)).isNotEqualTo(base);
        assertThat(JobId.isWellFormed(base)).isTrue();
    }

    @Test
    void isTheFirstSixteenBytesOfTheDomainSeparatedHash() {
        byte[] input = new byte[11 + 32 + 32 + 1 + 8];
        System.arraycopy("pouw-job-v1".getBytes(StandardCharsets.US_ASCII), 0, input, 0, 11);
        System.arraycopy(Hex.decode(TRACE_A), 0, input, 43, 32);
        input[75] = 2;
        input[83] = 5;
        String expected = Hex.encode(Blake3.hash(input)).substring(0, 32);
        assertThat(derive(INTENT_A, TRACE_A, Tier.MACRO, 5)).isEqualTo(expected);
    }

    /** The derivation over the hex texts the vectors are published as. */
    private static String derive(String intentHex, String traceHex, Tier tier, long createdSeq) {
        return JobId.derive(IntentId.of(intentHex), Hash32.of(traceHex), tier, createdSeq).hex();
    }

    static final String VECTOR_1 = "e7870e89216b617bbeb51643b34a29f8";
    static final String VECTOR_2 = "e3bfdae71779a6ee97a30c68166b992a";
    static final String VECTOR_3 = "e597877470ce3598f9df886040d5eabb";
}
