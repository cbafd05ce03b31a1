package org.zeofreeze.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the packaged command line through the repository's ./zeofreeze launcher, as an admin would. */
final class ZeoFreezeLauncher {
    record Result(int exit, String out, String err) {
    }

    private ZeoFreezeLauncher() {
    }

    static Result run(String stdin, String... args) throws IOException, InterruptedException {
        List<String> argv = new ArrayList<>();
        argv.add(Path.of("zeofreeze").toAbsolutePath().toString());
        argv.addAll(List.of(args));
        Process p = new ProcessBuilder(argv).start();
        p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        var out = new java.io.ByteArrayOutputStream();
        var err = new java.io.ByteArrayOutputStream();
        Thread a = new Thread(() -> copy(p.getInputStream(), out));
        Thread b = new Thread(() -> copy(p.getErrorStream(), err));
        a.start();
        b.start();
        if (!p.waitFor(10, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new IOException("zeofreeze " + String.join(" ", args) + " did not finish");
        }
        a.join();
        b.join();
        return new Result(p.exitValue(), out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static void copy(java.io.InputStream in, java.io.ByteArrayOutputStream out) {
        try {
            in.transferTo(out);
        } catch (IOException ignored) {
            // process ended
        }
    }
}
