package org.pouw.node.http;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.pouw.core.PouwException;
import org.pouw.core.Problem;

/**
 * The free space an upload must leave on the data directory's file system
 * ({@code storage.upload_free_space_reserve_mb}, issue 24 scenario 5). A large body (a dataset, an initial state, a
 * raw proof) is refused with 503 {@code storage_full} before the node reads or writes it when it would leave less
 * than the reserve: the last megabytes of the disk stay for the database's own small writes (transfers, leases,
 * receipts), so one upload can not turn a nearly full disk into a node that refuses every write. Nothing of a refused
 * upload is written.
 */
public final class UploadSpaceReserve {
    /** Retry-After of a refusal: freeing space is an operator's job, as for a full database. */
    static final long RETRY_AFTER_MS = 10_000;
    static final String SETTING = "storage.upload_free_space_reserve_mb";
    private static final long MB = 1024L * 1024L;

    private final Path dataDir;
    private final long reserveBytes;
    private final AtomicLong refusals = new AtomicLong();

    /** {@code reserveMb} 0 turns the check off. */
    public UploadSpaceReserve(Path dataDir, long reserveMb) {
        this.dataDir = dataDir;
        this.reserveBytes = reserveMb * MB;
    }

    /**
     * Refuses an upload of {@code bytes} named by {@code field} that would leave less than the reserve free; a file
     * system the node can not ask about is not a reason to refuse (the database's own full-disk handling stays).
     */
    void admit(String field, long bytes) {
        if (reserveBytes == 0) {
            return;
        }
        long usable;
        try {
            usable = Files.getFileStore(dataDir).getUsableSpace();
        } catch (IOException unreadable) {
            return;
        }
        Optional<String> refusal = refusal(usable, bytes, reserveBytes);
        if (refusal.isPresent()) {
            refusals.incrementAndGet();
            throw new PouwException(Problem.STORAGE_FULL, field, field + ": " + refusal.get(), RETRY_AFTER_MS);
        }
    }

    /** Uploads refused so far (the counter {@code pouw_upload_reserve_refusals_total}). */
    public long refusals() {
        return refusals.get();
    }

    /**
     * Why an upload of {@code bytes} onto a file system with {@code usableBytes} free is refused under a reserve of
     * {@code reserveBytes}, or empty when it fits.
     */
    static Optional<String> refusal(long usableBytes, long bytes, long reserveBytes) {
        if (reserveBytes <= 0 || usableBytes - bytes >= reserveBytes) {
            return Optional.empty();
        }
        return Optional.of("the data directory's file system has " + mb(usableBytes) + " MB free; this upload of "
                + mb(bytes) + " MB would leave less than the reserve " + SETTING + " = " + reserveBytes / MB
                + " MB (free space, or lower the reserve)");
    }

    private static String mb(long bytes) {
        return String.format(java.util.Locale.ROOT, "%.1f", bytes / (double) MB);
    }
}
