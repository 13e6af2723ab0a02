package org.pouw.cli.failover;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * A folder mounted through scripts/test/fsync-fault-fs.py, a test-only FUSE pass-through that answers fsync and
 * fdatasync with EIO while its fault is on (and, if asked, drops writes): the real I/O error of a failing disk's write-back, which this machine's
 * kernel can not make otherwise (it has no device-mapper for dm-error or dm-flakey). Reads and writes pass through to
 * a backing folder whole. Other users may use it (a PostgreSQL server runs as its own user); what they create is
 * theirs. Needs root, {@code /dev/fuse} and Debian's python3-fusepy and fuse3 (scripts/
 * install-test-tools.sh installs them): without them the test is skipped, saying so — but fails under {@code CI}.
 */
final class FsyncFaultMount implements AutoCloseable {
    static final Path TOOL = Path.of("..", "scripts", "test", "fsync-fault-fs.py").toAbsolutePath().normalize();
    private static final Path PYTHON = Path.of("/usr/bin/python3");

    private final Path mountPoint;
    private final Path fault;
    private final Path log;
    private final Process process;

    private FsyncFaultMount(Path mountPoint, Path fault, Path log, Process process) {
        this.mountPoint = mountPoint;
        this.fault = fault;
        this.log = log;
        this.process = process;
    }

    /** Mounts {@code backing} (created) at {@code mountPoint} (created) and waits until the mount answers. */
    static FsyncFaultMount mount(Path backing, Path mountPoint, Path scratch) throws Exception {
        requireTools();
        Files.createDirectories(backing);
        Files.createDirectories(mountPoint);
        Files.createDirectories(scratch);
        // The fault switch lives outside the mount, so switching it never goes through the file system under test.
        Path fault = scratch.resolve("fsync-fault.on");
        Path log = scratch.resolve("fsync-fault-fs.log");
        Process process = new ProcessBuilder(PYTHON.toString(), TOOL.toString(), backing.toString(),
                mountPoint.toString(), fault.toString()).redirectErrorStream(true).redirectOutput(log.toFile())
                .start();
        FsyncFaultMount mount = new FsyncFaultMount(mountPoint, fault, log, process);
        // A file put in the backing folder and seen through the mount point: the mount is up, not only started.
        Path marker = backing.resolve(".mounted");
        Files.writeString(marker, "");
        try {
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                if (!process.isAlive()) {
                    throw new IllegalStateException("fsync-fault-fs.py exited with " + process.exitValue() + ": "
                            + Files.readString(log));
                }
                return Files.exists(mountPoint.resolve(".mounted"));
            });
        } catch (RuntimeException e) {
            mount.close();
            throw e;
        }
        return mount;
    }

    /** The test's requirements: skipped without them on a developer's machine, a failure on CI. */
    private static void requireTools() throws Exception {
        boolean root = ((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid")) == 0;
        String missing = !root ? "root (mounting a FUSE file system here needs it; CI runs as root)"
                : !Files.exists(Path.of("/dev/fuse")) ? "/dev/fuse (the kernel's FUSE device)"
                : !Files.isExecutable(PYTHON) ? "/usr/bin/python3 (Debian's python3)"
                : !fusepy() ? "python3-fusepy and fuse3 (apt-get install python3-fusepy fuse3; ./run-tests does it"
                        + " through scripts/install-test-tools.sh)"
                : null;
        String message = "the fsync fault needs " + missing;
        if (System.getenv("CI") == null) {
            Assumptions.assumeTrue(missing == null, message);
        }
        assertThat(missing).as(message).isNull();
    }

    private static boolean fusepy() throws Exception {
        Process probe = new ProcessBuilder(PYTHON.toString(), "-c", "import fusepy").redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        return probe.waitFor(60, TimeUnit.SECONDS) && probe.exitValue() == 0;
    }

    Path path() {
        return mountPoint;
    }

    /** From now on every fsync and fdatasync through the mount answers EIO. */
    void failSyncs() throws IOException {
        Files.writeString(fault, "");
    }

    /**
     * From now on every fsync and fdatasync through the mount answers EIO and every write is dropped (answered as
     * done, never passed on): a disk whose write-back failed, so what was written since the last good sync is gone.
     * A file that lost a write answers its next sync EIO even after {@link #healSyncs()}, as Linux reports a failed
     * write-back to the next fsync.
     */
    void failSyncsLosingWrites() throws IOException {
        Files.writeString(fault, "lose-writes");
    }

    /** Syncs and writes pass through to the backing folder again. */
    void healSyncs() throws IOException {
        Files.deleteIfExists(fault);
    }

    /** How many syncs the file system answered with EIO so far: the proof the fault was hit. */
    long failedSyncs() throws IOException {
        return Files.readAllLines(log).stream().filter(line -> line.startsWith("fsync EIO ")).count();
    }

    /** Every sync the file system answered so far, in order: "EIO /path" or "ok /path". */
    List<String> syncs() throws IOException {
        return Files.readAllLines(log).stream().filter(line -> line.startsWith("fsync "))
                .map(line -> line.substring("fsync ".length())).toList();
    }

    /** The files whose syncs failed, in order (the lines after "fsync EIO "). */
    List<String> failedSyncFiles() throws IOException {
        return Files.readAllLines(log).stream().filter(line -> line.startsWith("fsync EIO "))
                .map(line -> line.substring("fsync EIO ".length())).distinct().toList();
    }

    /** Unmounts it lazily (a process still holding a file there does not fail the cleanup) and ends the daemon. */
    @Override
    public void close() throws Exception {
        Files.deleteIfExists(fault);
        Process umount = new ProcessBuilder("umount", "-l", mountPoint.toString()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        umount.waitFor(60, TimeUnit.SECONDS);
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
    }
}
