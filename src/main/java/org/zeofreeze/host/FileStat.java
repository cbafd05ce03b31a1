package org.zeofreeze.host;

/** What {@code stat} tells of a file: size, permission bits (e.g. 0644), owner and group ids. */
public record FileStat(long size, int mode, int uid, int gid, boolean directory) {
    public boolean writableByAnyone() {
        return (mode & 0222) != 0;
    }
}
