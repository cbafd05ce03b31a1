package org.zeofreeze.host;

/**
 * What {@code stat} tells of a file (links followed): size, permission bits (e.g. 0644), owner and
 * group ids, and whether it is a directory or a regular file (neither: a FIFO, device or socket).
 */
public record FileStat(long size, int mode, int uid, int gid, boolean directory, boolean regular) {
    /** A directory or a regular file. */
    public FileStat(long size, int mode, int uid, int gid, boolean directory) {
        this(size, mode, uid, gid, directory, !directory);
    }

    public boolean writableByAnyone() {
        return (mode & 0222) != 0;
    }
}
