package org.pouw.cli.mine;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.pouw.chain.port.MinerStore;

/**
 * {@link MinerStore} as a folder the miner owns (docs/chain.md §11 "Crash recovery"; {@code pouw mine --miner-dir},
 * by default {@code <key file>.miner} beside the key): one file per record. A record is written whole or not at all —
 * to a hidden {@code .partial} file in the folder, forced to disk, renamed over its name, and the folder forced too,
 * so that after a kill -9 or a power cut its name holds the old bytes or the new ones; the partial files a crash
 * leaves are deleted when the folder is opened and never read. What a rename can not promise (a disk that loses a
 * synced write) the record's own checksum catches.
 */
public final class MinerFolder implements MinerStore {
    /** Record names are the miner's own ({@code segment-<height>-<hex>}, {@code end-…}): nothing that leaves the folder. */
    private static final Pattern NAME = Pattern.compile("[a-z]+-[0-9]+-[0-9a-f]{64}");
    private static final String PARTIAL = ".partial";

    private final Path folder;

    private MinerFolder(Path folder) {
        this.folder = folder;
    }

    /** Opens {@code folder}, made (readable by its owner only, where the file system says so) if it is not there. */
    public static MinerFolder open(Path folder) {
        try {
            if (!Files.isDirectory(folder)) {
                if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
                    Files.createDirectories(folder,
                            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
                } else {
                    Files.createDirectories(folder);
                }
            }
            try (Stream<Path> files = Files.list(folder)) {
                for (Path partial : files.filter(file -> file.getFileName().toString().endsWith(PARTIAL)).toList()) {
                    Files.deleteIfExists(partial);      // a write a crash cut short: its record was never renamed in
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("miner folder " + folder + ": " + e.getMessage(), e);
        }
        return new MinerFolder(folder);
    }

    @Override
    public void put(String name, byte[] bytes) {
        Path file = file(name);
        Path partial = folder.resolve("." + name + PARTIAL);
        try {
            try (FileChannel out = FileChannel.open(partial, StandardOpenOption.CREATE,
                    StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
                ByteBuffer buffer = ByteBuffer.wrap(bytes);
                while (buffer.hasRemaining()) {
                    out.write(buffer);
                }
                out.force(true);
            }
            try {
                Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING);
            }
            syncFolder();
        } catch (IOException e) {
            throw new UncheckedIOException("miner folder: writing " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void remove(String name) {
        Path file = file(name);
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException("miner folder: deleting " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public List<String> names() {
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(file -> file.getFileName().toString()).filter(name -> !name.startsWith(".")).sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("miner folder " + folder + ": " + e.getMessage(), e);
        }
    }

    @Override
    public byte[] read(String name) {
        Path file = file(name);
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException("can not be read: " + e.getMessage(), e);
        }
    }

    @Override
    public String where(String name) {
        return folder.resolve(name).toString();
    }

    private Path file(String name) {
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("not a miner record's name: '" + name + "'");
        }
        return folder.resolve(name);
    }

    /** Forces the folder's entries (the rename) to disk; a file system that can not open a folder for it is let be. */
    private void syncFolder() {
        try (FileChannel dir = FileChannel.open(folder, StandardOpenOption.READ)) {
            dir.force(true);
        } catch (IOException e) {
            // not every platform opens a directory as a channel (Windows): the rename is then as durable as it gets
        }
    }
}
