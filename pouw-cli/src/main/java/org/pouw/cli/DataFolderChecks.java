package org.pouw.cli;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;

/** {@code pouw doctor}'s look at the data folder: there (or creatable), writable, and with room above the reserve. */
final class DataFolderChecks {
    private DataFolderChecks() {
    }

    static DoctorCheck folder(Path dataDir) {
        if (Files.isDirectory(dataDir)) {
            return writable(dataDir)
                    ? DoctorCheck.ok("data_dir", dataDir + " exists and is writable")
                    : DoctorCheck.fail("data_dir", dataDir + " is not writable (read-only file system or"
                            + " permissions)", "make it writable by the node's user, or set data_dir elsewhere");
        }
        if (Files.exists(dataDir)) {
            return DoctorCheck.fail("data_dir", dataDir + " is a file, not a folder", "set data_dir to a folder");
        }
        Path ancestor = existingAncestor(dataDir);
        if (ancestor != null && Files.isDirectory(ancestor) && writable(ancestor)) {
            return DoctorCheck.warn("data_dir", dataDir + " does not exist yet",
                    "the node creates it at its first start; check data_dir if you expected one there");
        }
        return DoctorCheck.fail("data_dir", dataDir + " does not exist and cannot be created under " + ancestor,
                "create it (writable by the node's user) or set data_dir elsewhere");
    }

    static DoctorCheck space(Path dataDir, long reserveMb) {
        Path where = Files.isDirectory(dataDir) ? dataDir : existingAncestor(dataDir);
        if (where == null) {
            return DoctorCheck.fail("disk", "no existing folder on the way to " + dataDir, "set data_dir");
        }
        try {
            FileStore store = Files.getFileStore(where);
            long freeMb = store.getUsableSpace() >> 20;
            String detail = freeMb + " MiB free for " + dataDir + " (storage.upload_free_space_reserve_mb = "
                    + reserveMb + ")";
            if (freeMb < reserveMb) {
                return DoctorCheck.fail("disk", detail, "free space there: the node refuses uploads below the"
                        + " reserve, and the database needs room to grow");
            }
            return freeMb < 2 * reserveMb + 1024
                    ? DoctorCheck.warn("disk", detail, "little room above the reserve: free some space soon")
                    : DoctorCheck.ok("disk", detail);
        } catch (IOException e) {
            return DoctorCheck.fail("disk", "cannot read the free space of " + where + " (" + e.getMessage() + ")",
                    "");
        }
    }

    /** Writable as the node would write: a real file created and removed, since a read-only mount fools access(). */
    private static boolean writable(Path folder) {
        try {
            Path probe = Files.createTempFile(folder, ".doctor", ".probe");
            Files.delete(probe);
            return true;
        } catch (IOException | SecurityException e) {
            return false;
        }
    }

    private static Path existingAncestor(Path path) {
        Path at = path.toAbsolutePath().getParent();
        while (at != null && !Files.exists(at)) {
            at = at.getParent();
        }
        return at;
    }
}
