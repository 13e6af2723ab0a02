package org.pouw.core.market;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.pouw.core.id.Hash32;
import org.pouw.crypto.Blake3;
import org.pouw.crypto.Hex;

/** The published intent-id vectors of docs/test-vectors.md: tomorrow's code must give today's ids. */
class IntentIdTest {
    static final String CLIENT = "did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK";
    static final String TRACE_ZERO = "00".repeat(32);
    static final String TRACE_B = Hex.encode(Blake3.hash("trace-b".getBytes(StandardCharsets.US_ASCII)));

    static final String VECTOR_1 = "91c69976c1d8aa7c7e3cb2019afadc41ef61d63da1f736c95a06b1226df34773";
    static final String VECTOR_2 = "4bc1428a494c4d1d708f6507dc7547bca79e9fe55be9652582d8f157ed98a9a9";
    static final String VECTOR_3 = "3f50cc692a206d10eaa1faee8959bb93a78bcade56cab33440ff4b4c5bf6b407";

    @Test
    void matchesThePublishedVectors() {
        assertThat(IntentOpening.intentId(CLIENT, Hash32.of(TRACE_ZERO), 1).hex()).isEqualTo(VECTOR_1);
        assertThat(IntentOpening.intentId(CLIENT, Hash32.of(TRACE_B), 2).hex()).isEqualTo(VECTOR_2);
        assertThat(IntentOpening.intentId("prüfer", Hash32.of("11".repeat(32)), 0x0102030405060708L).hex())
                .isEqualTo(VECTOR_3);
    }

    @Test
    void isTheHashOfTheDocumentedBytes() {
        byte[] requester = "prüfer".getBytes(StandardCharsets.UTF_8);
        assertThat(requester).as("the length prefix counts UTF-8 bytes, not characters").hasSize(7);
        ByteBuffer input = ByteBuffer.allocate(14 + 4 + 7 + 32 + 8);
        input.put("pouw-intent-v1".getBytes(StandardCharsets.US_ASCII)).putInt(7).put(requester)
                .put(Hex.decode("11".repeat(32))).putLong(0x0102030405060708L);
        assertThat(Hex.encode(Blake3.hash(input.array()))).isEqualTo(VECTOR_3);
    }

    @Test
    void everyInputChangesTheId() {
        assertThat(IntentOpening.intentId(CLIENT, Hash32.of(TRACE_ZERO), 2).hex()).isNotEqualTo(VECTOR_1);
        assertThat(IntentOpening.intentId(CLIENT + "x", Hash32.of(TRACE_ZERO), 1).hex()).isNotEqualTo(VECTOR_1);
        assertThat(IntentOpening.intentId(CLIENT, Hash32.of(TRACE_B), 1).hex()).isNotEqualTo(VECTOR_1);
    }
}
