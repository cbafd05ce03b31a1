package org.zeofreeze.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The Python venv with the real ZConfig, ZEO, ZODB and Zope, found as
 * src/test/cluster/build-cluster.sh names it: {@code $ZEOFREEZE_CACHE} (default
 * {@code ~/.cache/zeofreeze}) / {@code venv-<sha256 of requirements.txt, 16 hex>-py<version>}.
 * A test that needs it fails, never skips, when it is missing.
 */
public final class Venv {
    private Venv() {}

    public static Path python() {
        try {
            Path requirements = Path.of("src/test/cluster/requirements.txt");
            String hash = HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(requirements)))
                    .substring(0, 16);
            String cacheEnv = System.getenv("ZEOFREEZE_CACHE");
            String home = System.getenv().getOrDefault("HOME", "/root");
            Path cache =
                    cacheEnv != null && !cacheEnv.isEmpty() ? Path.of(cacheEnv) : Path.of(home, ".cache", "zeofreeze");
            String interpreter = System.getenv().getOrDefault("ZEOFREEZE_PYTHON", "python3");
            Process p = new ProcessBuilder(interpreter, "-c", "import sys; print('%d.%d' % sys.version_info[:2])")
                    .redirectErrorStream(true)
                    .start();
            String version = new String(p.getInputStream().readAllBytes()).strip();
            if (p.waitFor() != 0) {
                throw new IllegalStateException(interpreter + " does not run: " + version);
            }
            Path venv = cache.toAbsolutePath().resolve("venv-" + hash + "-py" + version);
            Path python = venv.resolve("bin/python");
            if (!Files.exists(venv.resolve(".zeofreeze-complete")) || !Files.isExecutable(python)) {
                throw new IllegalStateException("the Python venv " + venv + " is missing or incomplete; "
                        + "build it with src/test/cluster/build-cluster.sh --venv-only");
            }
            return python;
        } catch (IOException | NoSuchAlgorithmException e) {
            throw new IllegalStateException("cannot find the Python venv: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
