package org.pouw.client.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** An attempt as the node's history answers it, with the levels issue 27 records, or null when it did not. */
class NodeAttemptTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void levelsAreReadWhenRecordedAndEmptyWhenNull() {
        NodeAttempt recorded = NodeAttempt.from(JSON.readTree("""
                {"attempt":1,"prover_id":"did:key:z6Mk","started_at_ms":5,"ended_at_ms":null,"outcome":"in_progress",
                 "reason":"","level":"established","audit_level":"trusted"}"""));
        assertThat(recorded.level()).isEqualTo("established");
        assertThat(recorded.auditLevel()).isEqualTo("trusted");
        assertThat(recorded.endedAtMs()).isZero();

        NodeAttempt off = NodeAttempt.from(JSON.readTree("""
                {"attempt":2,"prover_id":"did:key:z6Mk","started_at_ms":5,"ended_at_ms":9,"outcome":"completed",
                 "reason":"","level":null,"audit_level":null}"""));
        assertThat(off.level()).isEmpty();
        assertThat(off.auditLevel()).isEmpty();
        assertThat(NodeAttempt.from(JSON.readTree("{\"attempt\":3}")).level()).as("an older node").isEmpty();
    }
}
