package org.pouw.cli.failover;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/**
 * The small file system a disk scenario puts a data folder on: a tmpfs of a few megabytes, mounted by the test, so a
 * filler file makes it really full (ENOSPC) or nearly so — {@code chmod} does nothing as root and {@code ulimit -f} is
 * not a full disk. Mounting needs root: elsewhere {@link #mount} skips the test, saying so.
 */
final class SmallDisk implements AutoCloseable {
    private final Path mountPoint;

    private SmallDisk(Path mountPoint) {
        this.mountPoint = mountPoint;
    }

    /** Mounts a tmpfs of {@code megabytes} MiB at {@code mountPoint} (created), or skips the test when not root. */
    static SmallDisk mount(Path mountPoint, int megabytes) throws Exception {
        Assumptions.assumeTrue(((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid")) == 0,
                "mounting the scenario's small file system needs root (CI runs as root)");
        Files.createDirectories(mountPoint);
        run("mount", "-t", "tmpfs", "-o", "size=" + megabytes + "m,mode=0755", "tmpfs", mountPoint.toString());
        return new SmallDisk(mountPoint);
    }

    Path path() {
        return mountPoint;
    }

    /** The bytes free on it, as a node asking its file store sees them. */
    long usableBytes() throws Exception {
        return Files.getFileStore(mountPoint).getUsableSpace();
    }

    /** Remounts it read-only ({@code ro}) or writable again ({@code rw}). */
    void remount(String mode) throws Exception {
        run("mount", "-o", "remount," + mode, mountPoint.toString());
    }

    /** Unmounts it, lazily: a process that still holds a file there does not fail the cleanup. */
    @Override
    public void close() throws Exception {
        run("umount", "-l", mountPoint.toString());
    }

    private static void run(String... command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor()).as(String.join(" ", command) + ": " + output).isZero();
    }
}
