package org.zeofreeze.runbook.steps;

import java.io.IOException;
import java.util.List;
import java.util.function.IntUnaryOperator;
import org.zeofreeze.host.FileStat;
import org.zeofreeze.runbook.copy.StorageFiles;
import org.zeofreeze.runbook.event.StepState;
import org.zeofreeze.runbook.journal.JournalEntry;
import org.zeofreeze.runbook.setup.RunSetup;
import org.zeofreeze.runbook.step.Step;
import org.zeofreeze.runbook.step.StepAction;
import org.zeofreeze.runbook.step.StepFailure;
import org.zeofreeze.runbook.step.StepRun;

/**
 * Changes the permission bits of the chosen storages' {@code .fs} files only (never their
 * content): freeze makes them read-only on disk ({@code a-w}) so the copy is guaranteed coherent;
 * thaw gives the owner write access back, without which a writable storage will not start.
 */
public final class FileModeStep implements Step {
    private final String id;
    private final String title;
    private final IntUnaryOperator change;
    private final boolean readOnly;

    private FileModeStep(String id, String title, IntUnaryOperator change, boolean readOnly) {
        this.id = id;
        this.title = title;
        this.change = change;
        this.readOnly = readOnly;
    }

    public static FileModeStep readOnlyOnDisk() {
        return new FileModeStep("chmod", "Make the frozen .fs files read-only on disk", mode -> mode & ~0222, true);
    }

    public static FileModeStep writableOnDisk() {
        return new FileModeStep("chmod", "Make the thawed .fs files writable", mode -> mode | 0200, false);
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public StepAction action() {
        return new StepAction.FileModes(readOnly);
    }

    @Override
    public String title() {
        return title;
    }

    @Override
    public List<String> hosts(RunSetup setup) {
        return StorageFiles.hosts(setup);
    }

    @Override
    public void run(StepRun run) throws StepFailure, InterruptedException {
        for (StorageFiles sf : StorageFiles.chosen(run.setup())) {
            String path = sf.path();
            if (path == null) {
                continue;
            }
            run.state(sf.host(), StepState.RUNNING, path);
            FileStat stat = stat(run, sf.host(), path);
            int wanted = change.applyAsInt(stat.mode());
            if (wanted == stat.mode()) {
                run.info(sf.host(), path + " already has mode " + octal(wanted));
                continue;
            }
            run.journal()
                    .append(new JournalEntry.ModeChanged(run.journal().now(), sf.host(), path, stat.mode(), wanted));
            chmod(run, sf.host(), path, wanted);
        }
        hosts(run.setup()).forEach(h -> run.state(h, StepState.DONE, null));
    }

    @Override
    public void undo(StepRun run) throws StepFailure, InterruptedException {
        restoreAll(run);
    }

    static void restoreAll(StepRun run) throws StepFailure, InterruptedException {
        for (JournalEntry.ModeChanged m : run.journal().modesToRestore()) {
            chmod(run, m.host(), m.path(), m.oldMode());
            run.journal().append(new JournalEntry.ModeRestored(run.journal().now(), m.host(), m.path()));
        }
    }

    private static FileStat stat(StepRun run, String host, String path) throws StepFailure {
        try {
            return run.host(host).stat(path).orElseThrow(() -> new StepFailure(host, path + " does not exist"));
        } catch (IOException e) {
            throw new StepFailure(host, "cannot stat " + path + ": " + e.getMessage(), e);
        }
    }

    private static void chmod(StepRun run, String host, String path, int mode)
            throws StepFailure, InterruptedException {
        if (!run.exec(
                        host,
                        List.of("chmod", octal(mode), "--", path),
                        run.setup().timeouts().command())
                .ok()) {
            throw new StepFailure(host, "chmod " + octal(mode) + " " + path + " failed");
        }
        if (stat(run, host, path).mode() != mode) {
            throw new StepFailure(host, path + " did not take mode " + octal(mode));
        }
    }

    static String octal(int mode) {
        return String.format("%04o", mode);
    }
}
