package org.pouw.worker;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pouw.core.SettableClock;

/** The worker's history file: one line per finished job, read back across restarts, a torn line skipped. */
class WorkerHistoryTest {
    @TempDir
    Path dir;

    private final SettableClock clock = new SettableClock(1_000);

    @Test
    void each_finished_job_is_one_line_with_its_outcome_reward_and_times() {
        Path file = dir.resolve("history.jsonl");
        WorkerHistory history = new WorkerHistory(file, clock);
        WorkerStats.Snapshot none = new WorkerStats().snapshot();

        history.show(new WorkerEvent.Claimed("a1", "reexec", "macro", 90, 1), none);
        history.show(new WorkerEvent.Claimed("b2", "reexec", "macro", 90, 2), none);
        clock.advance(250);
        history.show(new WorkerEvent.Progress("a1", "reexec", "proving", 0.5), none);
        history.show(new WorkerEvent.Submitted("a1", "reexec", 90, 17), none);
        history.show(new WorkerEvent.Released("b2", "reexec", "worker shutting down"), none);

        List<WorkerHistory.Entry> entries = WorkerHistory.read(file);
        assertThat(entries).extracting(WorkerHistory.Entry::outcome).containsExactly("completed", "released");
        WorkerHistory.Entry done = entries.getFirst();
        assertThat(done.reward()).isEqualTo(90);
        assertThat(done.ledgerSeq()).isEqualTo(17);
        assertThat(done.claimedAtMs()).isEqualTo(1_000);
        assertThat(done.endedAtMs()).isEqualTo(1_250);
        assertThat(entries.get(1).attempt()).isEqualTo(2);

        // a second run appends to the same file
        new WorkerHistory(file, clock).show(new WorkerEvent.Failed("c3", "reexec", "out of memory"), none);
        assertThat(WorkerHistory.read(file)).hasSize(3).last()
                .satisfies(entry -> assertThat(entry.detail()).isEqualTo("out of memory"));
    }

    @Test
    void a_missing_file_is_an_empty_history_and_a_torn_line_is_skipped() throws Exception {
        Path file = dir.resolve("history.jsonl");
        assertThat(WorkerHistory.read(file)).isEmpty();
        new WorkerHistory(file, clock).show(new WorkerEvent.LeaseLost("a1", "reexec", "renew refused"),
                new WorkerStats().snapshot());
        Files.writeString(file, "{\"job_id\":\"b2\",\"outco", StandardCharsets.UTF_8, StandardOpenOption.APPEND);

        assertThat(WorkerHistory.read(file)).singleElement()
                .satisfies(entry -> assertThat(entry.outcome()).isEqualTo("lease_lost"));
    }
}
