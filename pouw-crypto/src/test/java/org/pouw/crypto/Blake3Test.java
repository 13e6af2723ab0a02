package org.pouw.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class Blake3Test {
    @Test
    void matchesTheOfficialVectorForTheEmptyInput() {
        assertThat(Hex.encode(Blake3.hash()))
                .isEqualTo("af1349b9f5f9a1a6a0404dea36dcc9499bcb25c9adc112b7cc9a93cae41f3262");
    }

    @Test
    void matchesTheReferenceHashOfAbc() {
        assertThat(Hex.encode(Blake3.hash("abc".getBytes(StandardCharsets.US_ASCII))))
                .isEqualTo("6437b3ac38465133ffb63b75273a8db548c558465d79db03fd359c6cd5bd9d85");
    }

    @Test
    void hashesTheConcatenationOfItsParts() {
        byte[] whole = Blake3.hash("hello world".getBytes(StandardCharsets.UTF_8));
        byte[] parts = Blake3.hash("hello ".getBytes(StandardCharsets.UTF_8), "world".getBytes(StandardCharsets.UTF_8));
        byte[] incremental = Blake3.incremental().update("hel".getBytes(StandardCharsets.UTF_8))
                .update("lo world".getBytes(StandardCharsets.UTF_8)).digest();
        assertThat(parts).isEqualTo(whole);
        assertThat(incremental).isEqualTo(whole);
    }
}
