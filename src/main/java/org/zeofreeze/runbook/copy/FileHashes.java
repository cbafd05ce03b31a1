package org.zeofreeze.runbook.copy;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.zeofreeze.host.CommandResult;
import org.zeofreeze.host.OutputListener;
import org.zeofreeze.runbook.process.ProcessGroups;
import org.zeofreeze.runbook.step.StepFailure;
import org.zeofreeze.runbook.step.StepRun;

/**
 * sha256 of files computed on the host that has them. OpenSSL's digest is used where it is
 * installed (it uses the CPU's SHA instructions: about five times coreutils' speed), sha256sum
 * otherwise; both give the same sha256. Paths reach the shell only as arguments.
 */
final class FileHashes {
    /** Hashes standard input, or the files named as arguments, one "hash name" line each. */
    private static final String DIGEST = "if command -v openssl >/dev/null 2>&1; then openssl dgst -sha256 -r \"$@\"; "
            + "else sha256sum \"$@\"; fi";

    private static final int BATCH = 200;

    private FileHashes() {}

    /** sha256 of a file, or of its first {@code length} bytes when {@code length >= 0}. */
    static String sha256(StepRun run, String host, String path, long length) throws StepFailure, InterruptedException {
        List<String> argv = length < 0
                ? List.of("sh", "-c", DIGEST, "file-hash", "--", path)
                : List.of(
                        "sh",
                        "-c",
                        "len=$1; file=$2; shift 2; [ -f \"$file\" ] && [ -r \"$file\" ] || exit 1; "
                                + "head -c \"$len\" -- \"$file\" | { "
                                + DIGEST + "; }",
                        "prefix-hash",
                        Long.toString(length),
                        path);
        CommandResult r = exec(run, host, argv, path);
        String out = r.stdout().strip();
        if (!r.ok() || out.isEmpty() || !out.split("\\s+")[0].matches("[0-9a-f]{64}")) {
            throw new StepFailure(
                    host,
                    "cannot hash " + path + " on " + host + ": " + r.stderr().strip());
        }
        return out.split("\\s+")[0];
    }

    /** sha256 of files under {@code dir}, named relative to it; by relative name. */
    static Map<String, String> sha256All(StepRun run, String host, String dir, List<String> relative)
            throws StepFailure, InterruptedException {
        Map<String, String> out = new LinkedHashMap<>();
        for (int i = 0; i < relative.size(); i += BATCH) {
            List<String> batch = relative.subList(i, Math.min(relative.size(), i + BATCH));
            List<String> argv = new ArrayList<>(
                    List.of("sh", "-c", "cd -- \"$1\" && shift && { " + DIGEST + "; }", "blob-hash", dir, "--"));
            batch.forEach(f -> argv.add("./" + f));
            CommandResult r = exec(run, host, argv, dir);
            List<String> lines = r.stdout().lines().filter(l -> !l.isBlank()).toList();
            if (!r.ok() || lines.size() != batch.size()) {
                throw new StepFailure(
                        host,
                        "cannot hash the files under " + dir + " on " + host + ": "
                                + r.stderr().strip());
            }
            for (int j = 0; j < batch.size(); j++) {
                out.put(batch.get(j), lines.get(j).strip().split("\\s+")[0]);
            }
        }
        return out;
    }

    private static CommandResult exec(StepRun run, String host, List<String> argv, String what)
            throws StepFailure, InterruptedException {
        try {
            return ProcessGroups.run(run, host, argv, run.setup().timeouts().copy(), OutputListener.NONE);
        } catch (IOException e) {
            throw new StepFailure(host, "cannot hash " + what + " on " + host + ": " + e.getMessage(), e);
        }
    }

    /** Runs two pieces of work at once (each end of a copy on its own host) and returns both results. */
    static <A, B> Both<A, B> both(Work<A> a, Work<B> b) throws StepFailure, InterruptedException {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<A> fa = pool.submit((Callable<A>) a::get);
            Future<B> fb = pool.submit((Callable<B>) b::get);
            return new Both<>(result(fa), result(fb));
        } finally {
            pool.shutdownNow();
        }
    }

    private static <T> T result(Future<T> f) throws StepFailure, InterruptedException {
        try {
            return f.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof StepFailure sf) {
                throw sf;
            }
            if (e.getCause() instanceof InterruptedException ie) {
                throw ie;
            }
            throw new StepFailure(null, e.getCause().getMessage(), e.getCause());
        }
    }

    @FunctionalInterface
    interface Work<T> {
        T get() throws StepFailure, InterruptedException;
    }

    record Both<A, B>(A first, B second) {}
}
