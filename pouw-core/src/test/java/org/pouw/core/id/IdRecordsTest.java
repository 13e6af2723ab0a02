package org.pouw.core.id;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.pouw.core.PouwException;
import org.pouw.core.Problem;

/** The id and hash records: what each accepts, what it refuses (naming the flaw), and the round trip via text. */
class IdRecordsTest {
    private static final String JOB = "00112233445566778899aabbccddeeff";
    private static final String HASH = "0123456789abcdef".repeat(4);
    private static final String DID = "did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK";

    @Test
    void each_record_round_trips_through_its_text() {
        assertThat(JobId.of(JOB).toString()).isEqualTo(JOB);
        assertThat(JobId.of(JobId.of(JOB).toString())).isEqualTo(JobId.of(JOB));
        assertThat(IntentId.of(HASH).toString()).isEqualTo(HASH);
        assertThat(IntentId.of(IntentId.of(HASH).bytes())).isEqualTo(IntentId.of(HASH));
        assertThat(Hash32.of(HASH).toString()).isEqualTo(HASH);
        assertThat(Hash32.of(Hash32.of(HASH).bytes())).isEqualTo(Hash32.of(HASH));
        assertThat(Did.of(DID).toString()).isEqualTo(DID);
        assertThat(Did.of(Did.of(DID).toString())).isEqualTo(Did.of(DID));
    }

    @Test
    void a_job_id_is_refused_when_its_length_or_alphabet_is_wrong() {
        assertThatThrownBy(() -> JobId.of(null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a job id is missing");
        assertThatThrownBy(() -> JobId.of("not-a-job")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a job id must be 32 hex digits (16 bytes), got 9: 'not-a-job'");
        assertThatThrownBy(() -> JobId.of(HASH)).hasMessageContaining("a job id must be 32 hex digits");
        assertThatThrownBy(() -> JobId.of("00112233445566778899AABBCCDDEEFF"))
                .hasMessageStartingWith("a job id must be lower-case hex digits, got 'A' at 20");
        assertThatThrownBy(() -> JobId.of("0011223344556677889gaabbccddeeff"))
                .hasMessageStartingWith("a job id must be lower-case hex digits, got 'g' at 19");
        assertThat(JobId.isWellFormed(JOB)).isTrue();
        assertThat(JobId.isWellFormed("not-a-job")).isFalse();
    }

    @Test
    void intent_ids_and_hashes_are_32_bytes_and_say_which_they_are() {
        assertThatThrownBy(() -> IntentId.of(JOB)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("an intent id must be 64 hex digits (32 bytes), got 32");
        assertThatThrownBy(() -> Hash32.of(JOB)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("a 32-byte hash must be 64 hex digits (32 bytes), got 32");
        assertThatThrownBy(() -> Hash32.of("z".repeat(64)))
                .hasMessageStartingWith("a 32-byte hash must be lower-case hex digits, got 'z' at 0");
        assertThatThrownBy(() -> Hash32.of(new byte[16])).hasMessage("a 32-byte hash must be 32 bytes, got 16");
        assertThatThrownBy(() -> IntentId.of(new byte[33])).hasMessage("an intent id must be 32 bytes, got 33");
    }

    @Test
    void a_did_must_have_the_did_key_shape() {
        assertThatThrownBy(() -> Did.of(null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a did is missing");
        assertThatThrownBy(() -> Did.of("did:web:example")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a did must start with 'did:key:z', got 'did:web:example'");
        assertThatThrownBy(() -> Did.of("did:key:z")).hasMessage("a did must have base58btc digits after"
                + " 'did:key:z', got none");
        assertThatThrownBy(() -> Did.of("did:key:z6Mk0")).hasMessage("a did must be base58btc after 'did:key:z',"
                + " got '0' at 12 in 'did:key:z6Mk0'");
        assertThatThrownBy(() -> Did.of("did:key:z" + "1".repeat(300))).hasMessage("a did must be at most 200"
                + " characters, got 309");
    }

    @Test
    void values_of_different_kinds_are_never_equal_even_over_the_same_text() {
        assertThat((Object) IntentId.of(HASH)).isNotEqualTo(Hash32.of(HASH));
    }

    @Test
    void parse_turns_a_malformed_input_into_an_invalid_request_naming_the_field() {
        assertThat(JobId.parse("job_id", JOB)).isEqualTo(JobId.of(JOB));
        assertThatThrownBy(() -> JobId.parse("job_id", "nope")).isInstanceOfSatisfying(PouwException.class, e -> {
            assertThat(e.problem()).isEqualTo(Problem.INVALID_REQUEST);
            assertThat(e.field()).isEqualTo("job_id");
            assertThat(e.getMessage()).isEqualTo("job_id: a job id must be 32 hex digits (16 bytes), got 4: 'nope'");
        });
        assertThatThrownBy(() -> IntentId.parse("intent_id", "x")).isInstanceOfSatisfying(PouwException.class,
                e -> assertThat(e.field()).isEqualTo("intent_id"));
        assertThatThrownBy(() -> Hash32.parse("trace_hash", "x")).isInstanceOfSatisfying(PouwException.class,
                e -> assertThat(e.field()).isEqualTo("trace_hash"));
        assertThatThrownBy(() -> Did.parse("prover_id", "x")).isInstanceOfSatisfying(PouwException.class,
                e -> assertThat(e.field()).isEqualTo("prover_id"));
    }
}
