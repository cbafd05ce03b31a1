package org.zeofreeze.host.ssh;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.zeofreeze.host.FileChangedException;
import org.zeofreeze.host.FileStat;
import org.zeofreeze.host.RemotePath;

/**
 * File operations as another user, for buildouts that user owns: each one is a command run
 * through {@code sudo -n -u USER --} (SshHost adds the prefix and quotes every argument). Needs
 * GNU coreutils and findutils on the host, as every Linux Plone server has. {@code -n}: sudo must
 * not ask for a password, it fails instead.
 */
final class SudoFiles implements RemoteFiles, AtomicReplace.Operations {
    /** Exit code the stat script uses for "no such file", apart from stat's own failures. */
    private static final int MISSING = 100;

    private final SshHost host;
    private final String user;

    SudoFiles(SshHost host) {
        this.host = host;
        this.user = host.target().sudoUser().orElseThrow();
    }

    @Override
    public List<String> list(String dir) throws IOException {
        if (!dir.startsWith("/")) {
            // find has no end of options: a name such as "-delete" would be an action.
            throw new IOException("not an absolute path: " + dir);
        }
        SshHost.RawResult r = run(
                List.of(
                        "sh",
                        "-c",
                        "[ -d \"$1\" ] || exit 0; cd / && exec find \"$1\" -mindepth 1 -maxdepth 1 -printf '%f\\0'",
                        "zeofreeze-list",
                        dir),
                "listing",
                dir);
        String all = new String(r.stdout(), StandardCharsets.UTF_8);
        List<String> names = new ArrayList<>();
        for (String name : all.split("\0")) {
            if (!name.isEmpty()) {
                names.add(name);
            }
        }
        names.sort(null);
        return names;
    }

    @Override
    public byte[] read(String path) throws IOException {
        return run(List.of("cat", "--", path), "reading", path).stdout();
    }

    @Override
    public Optional<FileStat> stat(String path) throws IOException {
        SshHost.RawResult r = host.exec(
                List.of(
                        "sh",
                        "-c",
                        "[ -e \"$1\" ] || exit " + MISSING + "; exec stat -L -c '%s %f %u %g' -- \"$1\"",
                        "zeofreeze-stat",
                        path),
                new byte[0],
                SshHost.FILE_OPERATION_TIMEOUT);
        if (r.exitCode() == MISSING) {
            return Optional.empty();
        }
        check(r, "stat of", path);
        String[] f = new String(r.stdout(), StandardCharsets.US_ASCII).trim().split(" ");
        if (f.length != 4) {
            throw new IOException(
                    "unexpected stat output for " + path + " on " + host.name() + ": " + Arrays.toString(f));
        }
        int raw = Integer.parseInt(f[1], 16);
        return Optional.of(new FileStat(
                Long.parseLong(f[0]),
                raw & 07777,
                Integer.parseInt(f[2]),
                Integer.parseInt(f[3]),
                (raw & 0170000) == 0040000,
                (raw & 0170000) == 0100000));
    }

    @Override
    public void writeAtomically(String path, byte[] content, byte[] expected) throws IOException {
        String target = AtomicReplace.replace(this, path, content, expected);
        syncDirectory(RemotePath.parent(target));
    }

    @Override
    public String resolve(String path) throws IOException {
        String target = new String(
                run(List.of("realpath", "-e", "-z", "--", path), "resolving", path)
                        .stdout(),
                StandardCharsets.UTF_8);
        return target.endsWith("\0") ? target.substring(0, target.length() - 1) : target;
    }

    @Override
    public void copyAttributes(String target, String tmp, String path) throws IOException {
        run(RemoteFiles.copyAttributes(target, tmp), "keeping the attributes (ACLs, extended attributes) of", path);
    }

    @Override
    public void chown(String tmp, int uid, int gid, String path) throws IOException {
        SshHost.RawResult r =
                host.exec(List.of("chown", uid + ":" + gid, "--", tmp), new byte[0], SshHost.FILE_OPERATION_TIMEOUT);
        if (r.exitCode() != 0) {
            throw new IOException(
                    "cannot keep the owner and group of " + path + " on " + host.name() + " (uid " + uid + ", gid "
                            + gid + ") writing as " + user + ": " + r.stderr().trim());
        }
    }

    @Override
    public void chmod(String tmp, int mode) throws IOException {
        run(List.of("chmod", octal(mode), "--", tmp), "setting the mode of", tmp);
    }

    @Override
    public void renameOver(String tmp, String target, byte[] expected, String path) throws IOException {
        if (expected == null) {
            run(List.of("mv", "-f", "-T", "--", tmp, target), "renaming over", path);
            return;
        }
        // The check and the rename in one command: the window between them is as small as it gets.
        SshHost.RawResult r = host.exec(
                List.of(
                        "sh",
                        "-c",
                        "h=$(sha256sum < \"$1\") && [ \"${h%% *}\" = \"$3\" ] || exit " + MISSING
                                + "; exec mv -f -T -- \"$2\" \"$1\"",
                        "zeofreeze-replace",
                        target,
                        tmp,
                        sha256(expected)),
                new byte[0],
                SshHost.FILE_OPERATION_TIMEOUT);
        if (r.exitCode() == MISSING) {
            throw new FileChangedException(path, host.name());
        }
        check(r, "renaming over", path);
    }

    @Override
    public String hostName() {
        return host.name();
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-256", e);
        }
    }

    @Override
    public void createFile(String path, byte[] content, int mode) throws IOException {
        AtomicReplace.create(this, path, content, mode);
        syncDirectory(RemotePath.parent(path));
    }

    @Override
    public void linkNew(String tmp, String path) throws IOException {
        // A hard link fails if the name exists: no file is ever replaced.
        run(List.of("ln", "--", tmp, path), "creating", path);
    }

    @Override
    public void makeDirectories(String dir) throws IOException {
        run(List.of("mkdir", "-p", "--", dir), "creating directory", dir);
    }

    @Override
    public void deleteFile(String path) throws IOException {
        run(List.of("rm", "-f", "--", path), "removing", path);
    }

    /** A new file only its owner can read, written from our input and flushed to disk. */
    @Override
    public void writeTemporary(String tmp, byte[] content) throws IOException {
        SshHost.RawResult r = host.exec(
                List.of(
                        "sh",
                        "-c",
                        "umask 077 && rm -f -- \"$1\" && exec dd of=\"$1\" bs=64k conv=excl,fsync status=none",
                        "zeofreeze-write",
                        tmp),
                content,
                SshHost.FILE_OPERATION_TIMEOUT);
        check(r, "writing", tmp);
    }

    private void syncDirectory(String dir) {
        try {
            // Makes the rename durable; coreutils older than 8.24 cannot sync one file and fail: fine.
            host.exec(List.of("sync", "--", dir), new byte[0], SshHost.FILE_OPERATION_TIMEOUT);
        } catch (IOException ignored) {
            // best effort, as LocalHost does
        }
    }

    @Override
    public void removeQuietly(String path) {
        try {
            host.exec(List.of("rm", "-f", "--", path), new byte[0], SshHost.FILE_OPERATION_TIMEOUT);
        } catch (IOException ignored) {
            // the caller's error matters more
        }
    }

    private SshHost.RawResult run(List<String> argv, String what, String path) throws IOException {
        SshHost.RawResult r = host.exec(argv, new byte[0], SshHost.FILE_OPERATION_TIMEOUT);
        check(r, what, path);
        return r;
    }

    private void check(SshHost.RawResult r, String what, String path) throws IOException {
        if (r.exitCode() == 0) {
            return;
        }
        String err = r.stderr().trim();
        String where = " on " + host.name() + " as " + user;
        if (err.startsWith("sudo:")) {
            throw new AccessDeniedException(path, null, "sudo -n -u " + user + where + " refused: " + err);
        }
        if (err.contains("No such file or directory")) {
            throw new NoSuchFileException(path, null, what + where + ": " + err);
        }
        if (err.contains("Permission denied")) {
            throw new AccessDeniedException(path, null, what + where + ": " + err);
        }
        throw new IOException(what + " " + path + where + " failed (exit " + r.exitCode() + "): " + err);
    }

    private static String octal(int mode) {
        return String.format("%04o", mode & 07777);
    }
}
