package org.zeofreeze.apply;

import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What one apply did on one host, kept as JSON in {@code var/zeofreeze/} of the buildout so that
 * {@code revert} can put every file back as it was.
 */
public record ApplyRecord(
        String stamp, String host, String buildout, String mode, List<String> storages, List<AppliedFile> files) {
    private static final Pattern STAMP = Pattern.compile("\\d{8}T\\d{6}\\.\\d{3}Z");
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

    public ApplyRecord {
        storages = storages == null ? null : List.copyOf(storages);
        files = files == null ? null : List.copyOf(files);
    }

    public static String directory(String buildout) {
        return buildout + "/var/zeofreeze";
    }

    /** The name every apply gives the backup of {@code path}: next to it, with the apply's time. */
    public static String backupOf(String path, String stamp) {
        return path + ".zeofreeze-" + stamp + ".bak";
    }

    public String recordPath() {
        return directory(buildout) + "/apply-" + stamp + ".json";
    }

    public String revertedMarker() {
        return directory(buildout) + "/apply-" + stamp + ".reverted";
    }

    /**
     * Why this record, read from {@code apply-<fileStamp>.json} of {@code buildoutDir}, is not one
     * an apply there wrote; empty when it is. A record is a file anyone with write access to the
     * buildout can edit, so nothing in it is used before this holds: its time is the file's,
     * every file it names is an absolute path without {@code .} or {@code ..}, its backup is the
     * one an apply makes next to it, and every hash is a sha256.
     */
    public Optional<String> problem(String buildoutDir, String fileStamp) {
        if (stamp == null || !STAMP.matcher(stamp).matches() || !stamp.equals(fileStamp)) {
            return Optional.of("its time '" + stamp + "' is not the one in its name (" + fileStamp + ")");
        }
        if (!buildoutDir.equals(buildout)) {
            return Optional.of("it is for the buildout '" + buildout + "', not " + buildoutDir);
        }
        if (mode == null || storages == null || files == null) {
            return Optional.of("it lacks its mode, its storages or its files");
        }
        for (AppliedFile f : files) {
            if (f.path() == null || !isPlainAbsolute(f.path())) {
                return Optional.of("it names a file '" + f.path() + "' that is not a plain absolute path");
            }
            if (!backupOf(f.path(), stamp).equals(f.backup())) {
                return Optional.of("the backup of " + f.path() + " is given as '" + f.backup()
                        + "', not the one an apply makes (" + backupOf(f.path(), stamp) + ")");
            }
            if (f.beforeSha256() == null
                    || !SHA256.matcher(f.beforeSha256()).matches()
                    || f.afterSha256() == null
                    || !SHA256.matcher(f.afterSha256()).matches()) {
                return Optional.of("the hashes of " + f.path() + " are not sha256 values");
            }
        }
        return Optional.empty();
    }

    /** Whether {@code path} lies inside {@code buildoutDir} (both plain absolute paths). */
    public static boolean inside(String path, String buildoutDir) {
        String dir = buildoutDir.endsWith("/") ? buildoutDir : buildoutDir + "/";
        return path.startsWith(dir) && path.length() > dir.length();
    }

    private static boolean isPlainAbsolute(String path) {
        if (!path.startsWith("/") || path.contains("//") || path.endsWith("/") || path.indexOf('\0') >= 0) {
            return false;
        }
        for (String part : path.substring(1).split("/")) {
            if (part.equals(".") || part.equals("..")) {
                return false;
            }
        }
        return true;
    }
}
