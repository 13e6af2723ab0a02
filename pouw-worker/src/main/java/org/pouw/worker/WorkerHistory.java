package org.pouw.worker;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import org.pouw.core.Clock;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The worker's own record of every job it finished (issue 25, defect 9): one JSON line per job, appended as the job
 * ends, so {@code pouw worker stats} can show earnings and history across restarts without asking the node. Lines:
 * {@code {"job_id","kind","attempt","outcome","reward","ledger_seq","claimed_at_ms","ended_at_ms","detail"}}, the
 * outcome one of {@code completed}, {@code rejected}, {@code failed}, {@code lease_lost}, {@code released}. The node's
 * ledger stays the authority on money; this file is the worker's view of what it did.
 */
public final class WorkerHistory implements WorkerDisplay {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Path file;
    private final Clock clock;
    private final ReentrantLock lock = new ReentrantLock();
    private final Map<String, WorkerEvent.Claimed> open = new ConcurrentHashMap<>();
    private final Map<String, Long> claimedAt = new ConcurrentHashMap<>();

    public WorkerHistory(Path file, Clock clock) {
        this.file = file;
        this.clock = clock;
    }

    /** One finished job as recorded. */
    public record Entry(String jobId, String kind, int attempt, String outcome, long reward, long ledgerSeq,
                        long claimedAtMs, long endedAtMs, String detail) {
    }

    @Override
    public void show(WorkerEvent event, WorkerStats.Snapshot totals) {
        switch (event) {
            case WorkerEvent.Claimed claimed -> {
                open.put(claimed.jobId(), claimed);
                claimedAt.put(claimed.jobId(), clock.millis());
            }
            case WorkerEvent.Submitted done -> end(done.jobId(), done.kind(), "completed", done.reward(),
                    done.ledgerSeq(), "");
            case WorkerEvent.Rejected rejected -> end(rejected.jobId(), rejected.kind(), "rejected", 0, 0,
                    rejected.reason() + ": " + rejected.detail());
            case WorkerEvent.Failed failed -> end(failed.jobId(), failed.kind(), "failed", 0, 0, failed.reason());
            case WorkerEvent.LeaseLost lost -> end(lost.jobId(), lost.kind(), "lease_lost", 0, 0, lost.reason());
            case WorkerEvent.Released released -> end(released.jobId(), released.kind(), "released", 0, 0,
                    released.reason());
            default -> { }
        }
    }

    private void end(String jobId, String kind, String outcome, long reward, long ledgerSeq, String detail) {
        WorkerEvent.Claimed claimed = open.remove(jobId);
        Long started = claimedAt.remove(jobId);
        ObjectNode line = JSON.createObjectNode().put("job_id", jobId).put("kind", kind)
                .put("attempt", claimed == null ? 0 : claimed.attempt()).put("outcome", outcome).put("reward", reward)
                .put("ledger_seq", ledgerSeq).put("claimed_at_ms", started == null ? 0 : started)
                .put("ended_at_ms", clock.millis()).put("detail", detail);
        byte[] bytes = (JSON.writeValueAsString(line) + "\n").getBytes(StandardCharsets.UTF_8);
        lock.lock();
        try {
            Files.write(file, bytes, StandardOpenOption.CREATE, StandardOpenOption.APPEND,
                    StandardOpenOption.WRITE);
        } catch (IOException e) {
            // The record is the worker's convenience; losing a line must not stop the work that earns the money.
            System.err.println("pouw worker: cannot append to " + file + ": " + e.getMessage());
        } finally {
            lock.unlock();
        }
    }

    /**
     * Every entry of a history file, oldest first; an absent file is an empty history. A line that is not an entry
     * (a write cut short by a crash) is skipped, so one torn line never hides the rest.
     */
    public static List<Entry> read(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the worker history " + file, e);
        }
        List<Entry> entries = new ArrayList<>(lines.size());
        for (String text : lines) {
            try {
                JsonNode line = JSON.readTree(text);
                if (line != null && line.isObject() && line.path("job_id").isString()
                        && line.path("outcome").isString()) {
                    entries.add(new Entry(line.path("job_id").asString(), line.path("kind").asString(""),
                            line.path("attempt").asInt(), line.path("outcome").asString(),
                            line.path("reward").asLong(), line.path("ledger_seq").asLong(),
                            line.path("claimed_at_ms").asLong(), line.path("ended_at_ms").asLong(),
                            line.path("detail").asString("")));
                }
            } catch (RuntimeException torn) { // Jackson 3 throws unchecked JacksonExceptions
                // skipped: see above
            }
        }
        return entries;
    }
}
