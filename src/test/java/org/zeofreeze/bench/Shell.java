package org.zeofreeze.bench;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs a command to its end (bounded by a timeout) and returns its exit code and output. */
final class Shell {
    record Result(int exit, String output) {
        Result orFail(String what) throws IOException {
            if (exit != 0) {
                throw new IOException(what + " failed (exit " + exit + "):\n" + output);
            }
            return this;
        }
    }

    private Shell() {}

    static Result run(long timeoutSeconds, List<String> argv) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(argv)
                .redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .start();
        var out = new ByteArrayOutputStream();
        Thread pump = new Thread(() -> {
            try {
                p.getInputStream().transferTo(out);
            } catch (IOException ignored) {
                // the process ended
            }
        });
        pump.start();
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            throw new IOException(String.join(" ", argv) + " did not finish within " + timeoutSeconds + " s");
        }
        pump.join();
        return new Result(p.exitValue(), out.toString(StandardCharsets.UTF_8));
    }

    static Result run(long timeoutSeconds, String... argv) throws IOException, InterruptedException {
        return run(timeoutSeconds, List.of(argv));
    }
}
