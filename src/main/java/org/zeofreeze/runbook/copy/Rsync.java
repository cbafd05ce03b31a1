package org.zeofreeze.runbook.copy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.zeofreeze.host.CommandResult;
import org.zeofreeze.profile.MigrationTarget;
import org.zeofreeze.runbook.event.RunEvent;
import org.zeofreeze.runbook.process.ProcessGroups;
import org.zeofreeze.runbook.step.StepFailure;
import org.zeofreeze.runbook.step.StepRun;

/** rsync to the migration target, run on a storage's own host, with its progress reported. */
final class Rsync {
    /** What {@code --out-format} prints before each file rsync transferred, to tell those lines from the rest. */
    static final String SENT = "zeofreeze-sent: ";

    private Rsync() {}

    static List<String> base(MigrationTarget target) {
        return CopyRules.rsyncTo(target, List.of("--info=progress2", "--no-inc-recursive"));
    }

    /**
     * Runs rsync; progress lines become progress events of {@code item}, the names after
     * {@link #SENT} (when {@code --out-format} asks for them) are returned, the rest is logged.
     */
    static List<String> run(StepRun run, String host, List<String> argv, String item, long total)
            throws StepFailure, InterruptedException {
        run.info(host, "$ " + String.join(" ", argv));
        List<String> sent = new ArrayList<>();
        long[] last = {0};
        CommandResult result;
        run.cancel().enterInterruptible();
        try {
            result = ProcessGroups.run(run, host, argv, run.setup().timeouts().copy(), (line, stderr) -> {
                if (stderr) {
                    run.log(host, RunEvent.Level.WARNING, line);
                } else if (line.startsWith(SENT)) {
                    synchronized (sent) {
                        sent.add(unescape(line.substring(SENT.length())));
                    }
                } else {
                    RsyncProgress.parse(line)
                            .ifPresentOrElse(
                                    p -> {
                                        last[0] = p.bytes();
                                        run.progress(
                                                host,
                                                item,
                                                p.bytes(),
                                                total > 0 ? total : estimate(p),
                                                p.bytesPerSecond(),
                                                p.eta());
                                    },
                                    () -> run.info(host, line));
                }
            });
        } catch (IOException e) {
            throw new StepFailure(host, "rsync of " + item + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            throw new StepFailure(
                    host,
                    "copy of " + item + " cancelled; the target keeps a partial copy, which the next run completes");
        } finally {
            run.cancel().leaveInterruptible();
        }
        if (!result.ok()) {
            throw new StepFailure(
                    host,
                    "rsync of " + item + " failed (exit " + result.exitCode() + "): "
                            + result.stderr().strip());
        }
        // Done, whatever rsync printed: an append with nothing left to send prints no progress at all.
        long size = total > 0 ? total : last[0];
        run.progress(host, item, size, size, 0, Duration.ZERO);
        synchronized (sent) {
            return List.copyOf(sent);
        }
    }

    /** rsync writes a byte it will not print as {@code \#ooo} (octal). */
    static String unescape(String name) {
        StringBuilder b = new StringBuilder();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (int i = 0; i < name.length(); i++) {
            if (name.startsWith("\\#", i)
                    && i + 5 <= name.length()
                    && name.substring(i + 2, i + 5).matches("[0-7]{3}")) {
                bytes.write(Integer.parseInt(name.substring(i + 2, i + 5), 8));
                i += 4;
                continue;
            }
            flush(bytes, b);
            b.append(name.charAt(i));
        }
        flush(bytes, b);
        return b.toString();
    }

    private static void flush(ByteArrayOutputStream bytes, StringBuilder b) {
        if (bytes.size() > 0) {
            b.append(bytes.toString(StandardCharsets.UTF_8));
            bytes.reset();
        }
    }

    private static long estimate(RsyncProgress p) {
        return p.percent() <= 0 ? p.bytes() : p.bytes() * 100 / p.percent();
    }
}
