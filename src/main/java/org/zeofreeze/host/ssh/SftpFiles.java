package org.zeofreeze.host.ssh;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.NoSuchFileException;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import net.schmizz.sshj.sftp.FileAttributes;
import net.schmizz.sshj.sftp.FileMode;
import net.schmizz.sshj.sftp.OpenMode;
import net.schmizz.sshj.sftp.PacketType;
import net.schmizz.sshj.sftp.RemoteFile;
import net.schmizz.sshj.sftp.RemoteResourceInfo;
import net.schmizz.sshj.sftp.RenameFlags;
import net.schmizz.sshj.sftp.Response;
import net.schmizz.sshj.sftp.SFTPClient;
import net.schmizz.sshj.sftp.SFTPEngine;
import net.schmizz.sshj.sftp.SFTPException;
import org.zeofreeze.host.FileChangedException;
import org.zeofreeze.host.FileStat;

/**
 * File operations over one SFTP session, opened on first use. Atomic writes use the OpenSSH
 * extensions {@code fsync@openssh.com} (flush before the rename) and {@code posix-rename@openssh.com}
 * (rename over the original); plain SFTP rename, which refuses to replace a file on OpenSSH, makes
 * {@link #createFile} safe against clobbering.
 */
final class SftpFiles implements RemoteFiles, AtomicReplace.Operations {
    private static final int CHUNK = 32 * 1024;

    private final SshHost host;
    private SFTPClient sftp;

    SftpFiles(SshHost host) {
        this.host = host;
    }

    private synchronized SFTPClient sftp() throws IOException {
        host.ensureConnected("a file operation");
        if (sftp == null) {
            try {
                sftp = host.client().newSFTPClient();
            } catch (IOException e) {
                throw host.lostOr(e, "opening SFTP");
            }
            sftp.getSFTPEngine().setTimeoutMs(Math.toIntExact(SshHost.FILE_OPERATION_TIMEOUT.toMillis()));
        }
        return sftp;
    }

    @Override
    public List<String> list(String dir) throws IOException {
        try {
            FileAttributes a = sftp().statExistence(dir);
            if (a == null || a.getType() != FileMode.Type.DIRECTORY) {
                return List.of();
            }
            return sftp().ls(dir).stream()
                    .map(RemoteResourceInfo::getName)
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw translate(e, dir, "listing");
        }
    }

    @Override
    public byte[] read(String path) throws IOException {
        try (RemoteFile f = sftp().open(path, EnumSet.of(OpenMode.READ));
                InputStream in = f.new ReadAheadRemoteFileInputStream(16)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw translate(e, path, "reading");
        }
    }

    @Override
    public Optional<FileStat> stat(String path) throws IOException {
        try {
            FileAttributes a = sftp().statExistence(path);
            if (a == null) {
                return Optional.empty();
            }
            return Optional.of(new FileStat(
                    a.getSize(),
                    a.getMode().getPermissionsMask(),
                    a.getUID(),
                    a.getGID(),
                    a.getType() == FileMode.Type.DIRECTORY,
                    a.getType() == FileMode.Type.REGULAR));
        } catch (IOException e) {
            throw translate(e, path, "stat of");
        }
    }

    @Override
    public void writeAtomically(String path, byte[] content, byte[] expected) throws IOException {
        try {
            AtomicReplace.replace(this, path, content, expected);
        } catch (IOException e) {
            throw translate(e, path, "writing");
        }
    }

    @Override
    public String resolve(String path) throws IOException {
        try {
            // The server's realpath: a symbolic link is written through and stays a link.
            return sftp().canonicalize(path);
        } catch (IOException e) {
            throw translate(e, path, "resolving");
        }
    }

    @Override
    public void copyAttributes(String target, String tmp, String path) throws IOException {
        SshHost.RawResult copied =
                host.exec(RemoteFiles.copyAttributes(target, tmp), new byte[0], SshHost.FILE_OPERATION_TIMEOUT);
        if (copied.exitCode() != 0) {
            throw new IOException("cannot keep the attributes (ACLs, extended attributes) of " + path + " on "
                    + host.name() + ": " + copied.stderr().strip());
        }
    }

    @Override
    public void chown(String tmp, int uid, int gid, String path) throws IOException {
        try {
            sftp().setattr(
                            tmp,
                            new FileAttributes.Builder().withUIDGID(uid, gid).build());
        } catch (SFTPException e) {
            throw new IOException(
                    "cannot keep the owner and group of " + path + " on " + host.name() + " (uid " + uid + ", gid "
                            + gid + "): " + e.getMessage(),
                    e);
        }
    }

    @Override
    public void chmod(String tmp, int mode) throws IOException {
        sftp().chmod(tmp, mode);
    }

    @Override
    public void renameOver(String tmp, String target, byte[] expected, String path) throws IOException {
        if (expected != null && !Arrays.equals(read(target), expected)) {
            throw new FileChangedException(path, host.name());
        }
        SFTPEngine engine = sftp().getSFTPEngine();
        if (!engine.supportsServerExtension("posix-rename", "openssh.com")) {
            throw new IOException(
                    "the SFTP server of " + host.name()
                            + " cannot rename over a file (no posix-rename@openssh.com); set a sudo user to write through commands");
        }
        engine.rename(tmp, target, EnumSet.of(RenameFlags.OVERWRITE, RenameFlags.ATOMIC));
    }

    @Override
    public String hostName() {
        return host.name();
    }

    @Override
    public void createFile(String path, byte[] content, int mode) throws IOException {
        try {
            AtomicReplace.create(this, path, content, mode);
        } catch (FileAlreadyExistsException e) {
            throw e;
        } catch (IOException e) {
            throw translate(e, path, "creating");
        }
    }

    @Override
    public void linkNew(String tmp, String path) throws IOException {
        try {
            // OpenSSH's SFTP rename links the new name first: it fails rather than replace a file.
            sftp().getSFTPEngine().rename(tmp, path, EnumSet.noneOf(RenameFlags.class));
        } catch (SFTPException e) {
            if (stat(path).isPresent()) {
                throw new FileAlreadyExistsException(
                        path, null, "appeared on " + host.name() + " while it was written");
            }
            throw e;
        }
    }

    @Override
    public void makeDirectories(String dir) throws IOException {
        try {
            sftp().mkdirs(dir);
        } catch (IOException e) {
            throw translate(e, dir, "creating directory");
        }
    }

    @Override
    public void deleteFile(String path) throws IOException {
        try {
            if (sftp().statExistence(path) != null) {
                sftp().rm(path);
            }
        } catch (IOException e) {
            throw translate(e, path, "removing");
        }
    }

    /** A new file readable by its owner only, its content flushed to disk. */
    @Override
    public void writeTemporary(String tmp, byte[] content) throws IOException {
        removeQuietly(tmp);
        SFTPEngine engine = sftp().getSFTPEngine();
        FileAttributes privateMode =
                new FileAttributes.Builder().withPermissions(0600).build();
        byte[] handle = engine.request(engine.newRequest(PacketType.OPEN)
                        .putString(tmp, StandardCharsets.UTF_8)
                        .putUInt32(OpenMode.toMask(EnumSet.of(OpenMode.WRITE, OpenMode.CREAT, OpenMode.EXCL)))
                        .putFileAttributes(privateMode))
                .retrieve(engine.getTimeoutMs(), TimeUnit.MILLISECONDS)
                .ensurePacketTypeIs(PacketType.HANDLE)
                .readBytes();
        try (RemoteFile file = new RemoteFile(engine, tmp, handle)) {
            for (int off = 0; off < content.length; off += CHUNK) {
                file.write(off, content, off, Math.min(CHUNK, content.length - off));
            }
            if (engine.supportsServerExtension("fsync", "openssh.com")) {
                Response r = engine.request(
                                engine.newExtendedRequest("fsync@openssh.com").putString(handle))
                        .retrieve(engine.getTimeoutMs(), TimeUnit.MILLISECONDS);
                r.ensureStatusPacketIsOK();
            }
        }
    }

    @Override
    public void removeQuietly(String path) {
        try {
            sftp().rm(path);
        } catch (IOException ignored) {
            // not there, which is what we want
        }
    }

    /** SFTP status codes as the exceptions LocalHost throws; a dropped connection as such. */
    private IOException translate(IOException e, String path, String what) {
        IOException lost = host.lostOr(e, what + " " + path);
        if (lost != e) {
            return lost;
        }
        if (e instanceof SFTPException) {
            Response.StatusCode code = ((SFTPException) e).getStatusCode();
            if (code == Response.StatusCode.NO_SUCH_FILE) {
                return new NoSuchFileException(path, null, "on " + host.name());
            }
            if (code == Response.StatusCode.PERMISSION_DENIED) {
                return new AccessDeniedException(path, null, what + " on " + host.name() + ": permission denied");
            }
            return new IOException(what + " " + path + " on " + host.name() + ": " + e.getMessage(), e);
        }
        return e;
    }

    @Override
    public synchronized void close() {
        if (sftp != null) {
            try {
                sftp.close();
            } catch (IOException ignored) {
                // the connection closes next anyway
            }
        }
    }
}
