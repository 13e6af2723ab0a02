#!/usr/bin/python3
"""A pass-through FUSE file system for tests only: it mirrors BACKING at MOUNTPOINT, and answers fsync and
fdatasync with EIO while the file FAULT exists (a path outside the mount, so switching the fault never goes
through the file system under test). While FAULT holds the word "lose-writes", writes are also dropped: answered
as done but never passed on, the failed write-back of a dying disk after which the data the program wrote since
its last good sync is gone (PostgreSQL's reason to PANIC rather than retry a failed fsync). A file that lost a
write answers its next sync with EIO even once the fault is off, as Linux reports a failed write-back to the next
fsync: no program is told a lost write is durable.

    fsync-fault-fs.py BACKING MOUNTPOINT FAULT

Runs in the foreground until unmounted (fusermount -u MOUNTPOINT, or umount as root). It prints one line per sync,
"fsync EIO <path>" for every sync it failed and "fsync ok <path>" for every other, so a test can prove the fault
was hit and see who synced when.
Otherwise writes are passed through whole: the data reaches the backing folder even when its sync is failed, as on
a disk whose write-back failed after the page cache took the data (whether it is durable is unknown, which is the
point).

Other users may use the mount (allow_other: a PostgreSQL server runs as its own user), with the kernel checking
permissions against the backing folder's owners and modes (default_permissions); what a caller creates through the
mount is owned by the caller, as on a real disk (initdb refuses a folder that is not its user's own).
"""
import errno
import os
import sys
import threading

from fusepy import FUSE, FuseOSError, Operations, fuse_get_context


class FsyncFault(Operations):
    def __init__(self, backing, fault):
        self.backing = os.path.realpath(backing)
        self.fault = fault
        self.out = threading.Lock()
        self.lost = set()  # files that lost a write since their last sync

    def _full(self, path):
        return os.path.join(self.backing, path.lstrip("/"))

    def _report(self, outcome, path):
        with self.out:
            print("fsync " + outcome + " " + path, flush=True)

    def _faulted(self):
        return os.path.exists(self.fault)

    def _losing_writes(self):
        try:
            with open(self.fault) as switch:
                return switch.read().strip() == "lose-writes"
        except FileNotFoundError:
            return False

    def _owned_by_caller(self, path):
        uid, gid, _ = fuse_get_context()
        os.lchown(self._full(path), uid, gid)

    def _sync(self, path, fh, datasync):
        if self._faulted() or path in self.lost:
            self.lost.discard(path)
            self._report("EIO", path)
            raise FuseOSError(errno.EIO)
        if datasync:
            os.fdatasync(fh)
        else:
            os.fsync(fh)
        self._report("ok", path)
        return 0

    # Every call below maps one to one onto the backing folder; an OSError there goes back with its errno.
    def access(self, path, mode):
        if not os.access(self._full(path), mode):
            raise FuseOSError(errno.EACCES)

    def chmod(self, path, mode):
        return os.chmod(self._full(path), mode)

    def chown(self, path, uid, gid):
        return os.chown(self._full(path), uid, gid)

    def getattr(self, path, fh=None):
        st = os.lstat(self._full(path))
        return {key: getattr(st, key) for key in ("st_atime", "st_ctime", "st_gid", "st_mode", "st_mtime",
                                                  "st_nlink", "st_size", "st_uid", "st_blocks")}

    def readdir(self, path, fh):
        return [".", ".."] + os.listdir(self._full(path))

    def readlink(self, path):
        return os.readlink(self._full(path))

    def mknod(self, path, mode, dev):
        os.mknod(self._full(path), mode, dev)
        self._owned_by_caller(path)

    def rmdir(self, path):
        return os.rmdir(self._full(path))

    def mkdir(self, path, mode):
        os.mkdir(self._full(path), mode)
        self._owned_by_caller(path)

    def statfs(self, path):
        st = os.statvfs(self._full(path))
        return {key: getattr(st, key) for key in ("f_bavail", "f_bfree", "f_blocks", "f_bsize", "f_favail",
                                                  "f_ffree", "f_files", "f_flag", "f_frsize", "f_namemax")}

    def unlink(self, path):
        return os.unlink(self._full(path))

    def symlink(self, name, target):
        os.symlink(target, self._full(name))
        self._owned_by_caller(name)

    def rename(self, old, new):
        os.rename(self._full(old), self._full(new))
        if old in self.lost:  # the pending error goes with the file
            self.lost.discard(old)
            self.lost.add(new)

    def link(self, target, name):
        return os.link(self._full(name), self._full(target))

    def utimens(self, path, times=None):
        return os.utime(self._full(path), times)

    def open(self, path, flags):
        return os.open(self._full(path), flags)

    def create(self, path, mode, fi=None):
        fh = os.open(self._full(path), os.O_RDWR | os.O_CREAT, mode)
        self._owned_by_caller(path)
        return fh

    def read(self, path, length, offset, fh):
        return os.pread(fh, length, offset)

    def write(self, path, buf, offset, fh):
        if self._losing_writes():
            self.lost.add(path)
            return len(buf)
        return os.pwrite(fh, buf, offset)

    def truncate(self, path, length, fh=None):
        if fh is not None:
            os.ftruncate(fh, length)
        else:
            os.truncate(self._full(path), length)

    def flush(self, path, fh):
        return 0

    def release(self, path, fh):
        return os.close(fh)

    def fsync(self, path, datasync, fh):
        return self._sync(path, fh, datasync)

    def fsyncdir(self, path, datasync, fh):
        if self._faulted():
            self._report("EIO", path)
            raise FuseOSError(errno.EIO)
        self._report("ok", path)
        return 0


def main():
    if len(sys.argv) != 4:
        sys.exit("usage: fsync-fault-fs.py BACKING MOUNTPOINT FAULT")
    backing, mountpoint, fault = sys.argv[1:]
    # Reported before FUSE() blocks; the test waits for the mount itself (a file of the backing folder seen
    # through it), not for this line.
    print("mounting " + mountpoint, flush=True)
    # nothreads: calls are served one at a time, so the order of the printed lines is the order of the calls.
    FUSE(FsyncFault(backing, fault), mountpoint, foreground=True, nothreads=True, allow_other=True,
         default_permissions=True)


if __name__ == "__main__":
    main()
