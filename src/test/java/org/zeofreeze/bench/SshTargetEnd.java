package org.zeofreeze.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import org.zeofreeze.profile.MigrationTarget;
import org.zeofreeze.runbook.copy.CopyRules;
import org.zeofreeze.testbed.TestKeys;
import org.zeofreeze.testbed.TestSshd;
import org.zeofreeze.testbed.TestUsers;

/**
 * The "remote" end of a copy benchmark: a real OpenSSH sshd on a loopback address (127.0.0.x),
 * reached as a user of its own whose login shell is /bin/sh (dash). sshd runs every command, rsync's
 * server included, through the user's login shell; root's bash would read ~/.bashrc (it does for a
 * command over ssh), whose {@code pyenv init} can wait on a lock, and that would be timed with every
 * session. dash reads no start-up file for {@code sh -c}, as on a target host with a plain service
 * account. The same user, sshd and ssh command serve every contender and ZeoFreeze's own connection.
 */
final class SshTargetEnd implements AutoCloseable {
    static final String USER = "zeofreeze-bench";

    private final TestSshd sshd;
    private final Path root;
    private final List<String> ssh;

    private SshTargetEnd(TestSshd sshd, Path root, List<String> ssh) {
        this.sshd = sshd;
        this.root = root;
        this.ssh = ssh;
    }

    /** Starts the sshd and makes {@code root} (a new directory) the user's, for the target's files. */
    static SshTargetEnd start(Path root) throws Exception {
        TestUsers.ensure(USER);
        String shell = sh(30, "getent", "passwd", USER).output().strip().replaceAll(".*:", "");
        if (!shell.equals("/bin/sh")) {
            throw new IOException(
                    USER + "'s login shell is " + shell + ", not /bin/sh: its start-up files would be timed too");
        }
        // useradd leaves the password locked ('!'), and sshd without PAM turns away a locked account.
        sh(30, "usermod", "-p", "*", USER);
        // Another benchmark of this run may have removed the run's test key; TestSshd needs it.
        Path key = TestKeys.clientKey();
        if (!Files.exists(key)) {
            TestKeys.generate(key, "ed25519", "");
        }
        TestSshd sshd = TestSshd.start();
        try {
            // sshd reads authorized_keys as the user logging in.
            Files.setPosixFilePermissions(sshd.directory(), PosixFilePermissions.fromString("rwx--x--x"));
            Files.setPosixFilePermissions(
                    sshd.directory().resolve("authorized_keys"), PosixFilePermissions.fromString("rw-r--r--"));
            Files.createDirectories(root);
            sh(30, "chown", "-R", USER + ":", root.toString());
            List<String> ssh = List.of(
                    "ssh",
                    "-F",
                    "none",
                    "-p",
                    Integer.toString(sshd.port()),
                    "-i",
                    key.toString(),
                    "-o",
                    "IdentitiesOnly=yes",
                    "-o",
                    "UserKnownHostsFile=" + sshd.knownHosts(),
                    "-o",
                    "BatchMode=yes");
            return new SshTargetEnd(sshd, root, ssh);
        } catch (Exception e) {
            sshd.close();
            throw e;
        }
    }

    TestSshd sshd() {
        return sshd;
    }

    /** The profile's migration target: this end, through the ssh command every contender uses. */
    MigrationTarget target(String buildoutDir) {
        return new MigrationTarget("new", sshd.address(), USER, sshd.port(), buildoutDir, ssh);
    }

    /** rsync's {@code -e}, as ZeoFreeze passes it. */
    String rsyncShell() {
        return CopyRules.shellWords(ssh);
    }

    /** {@code user@127.0.0.x:path}. */
    String destination(String path) {
        return USER + "@" + sshd.address() + ":" + path;
    }

    /** Runs a command on this end through sshd, as {@code user}; its output, or an exception when it fails. */
    String run(String user, long timeoutSeconds, List<String> command) throws Exception {
        List<String> argv = new ArrayList<>(ssh);
        argv.add(user + "@" + sshd.address());
        argv.add(CopyRules.shellWords(command));
        return Shell.run(timeoutSeconds, argv)
                .orFail("on " + user + "@" + sshd.address() + ": " + command)
                .output();
    }

    /** Seconds an ssh session running {@code true} takes, start-up of the user's shell included. */
    double session(String user) throws Exception {
        long start = System.nanoTime();
        run(user, 60, List.of("true"));
        return (System.nanoTime() - start) / 1e9;
    }

    /** A fresh, empty directory owned by the user (the target's side of a contender starts there). */
    Path freshDirectory(Path dir) throws Exception {
        Benchmarks.deleteTree(dir);
        Files.createDirectories(dir);
        sh(30, "chown", "-R", USER + ":", root.toString());
        return dir;
    }

    @Override
    public void close() {
        sshd.close();
        Benchmarks.deleteTree(root);
    }

    private static Shell.Result sh(long timeout, String... argv) throws Exception {
        return Shell.run(timeout, argv).orFail(String.join(" ", argv));
    }
}
