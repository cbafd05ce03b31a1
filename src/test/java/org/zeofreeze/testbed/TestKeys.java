package org.zeofreeze.testbed;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * SSH keys for tests, made with ssh-keygen in a temporary directory: one unencrypted client key
 * per test run (every {@link TestSshd} accepts it), and further keys on demand.
 */
public final class TestKeys {
    private static Path clientKey;

    private TestKeys() {}

    /** The test run's client key (ed25519, no passphrase); its public half is {@code id_ed25519.pub} beside it. */
    public static synchronized Path clientKey() {
        if (clientKey == null) {
            try {
                Path dir = Files.createTempDirectory("zeofreeze-client-key-");
                clientKey = generate(dir.resolve("id_ed25519"), "ed25519", "");
            } catch (IOException e) {
                throw new IllegalStateException("cannot make the test client key", e);
            }
        }
        return clientKey;
    }

    /** A new key pair at {@code file} (and {@code file.pub}) of the given type, encrypted when the passphrase is not empty. */
    public static Path generate(Path file, String type, String passphrase) throws IOException {
        Files.createDirectories(file.getParent());
        run(List.of("ssh-keygen", "-q", "-t", type, "-N", passphrase, "-C", "zeofreeze-test", "-f", file.toString()));
        return file;
    }

    /** Runs a program to completion; its output, or an exception with it when it fails. */
    static String run(List<String> argv) throws IOException {
        Process p = new ProcessBuilder(argv)
                .redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException(argv.get(0) + " did not finish: " + out);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted running " + argv.get(0), e);
        }
        if (p.exitValue() != 0) {
            throw new IOException(String.join(" ", argv) + " failed (" + p.exitValue() + "): " + out);
        }
        return out;
    }
}
