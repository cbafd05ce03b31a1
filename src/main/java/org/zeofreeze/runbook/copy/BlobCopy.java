package org.zeofreeze.runbook.copy;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.zeofreeze.host.CommandResult;
import org.zeofreeze.profile.MigrationTarget;
import org.zeofreeze.runbook.step.StepFailure;
import org.zeofreeze.runbook.step.StepRun;

/**
 * A storage's blob directory copied to the target. Nothing is ever deleted there: a blob the
 * {@code .fs} no longer names does no harm (a superset is safe), a missing one would. ZODB
 * never changes a blob file once written, so the files rsync sends are the ones that changed
 * since the last sync; the check after the copy compares every source file's size with the
 * target's and the sha256 of those just sent on both ends.
 */
final class BlobCopy {
    private static final List<PathMatcher> NEVER_COPIED = CopyRules.NEVER_COPIED.stream()
            .map(p -> FileSystems.getDefault().getPathMatcher("glob:" + p))
            .toList();

    private BlobCopy() {}

    /** The files rsync sent, relative to the blob directory. */
    static List<String> send(StepRun run, StorageFiles sf, MigrationTarget target, String item)
            throws StepFailure, InterruptedException {
        String source = sf.blobDir();
        String dest = CopyStep.targetPath(run.setup(), sf.host(), source, target);
        try {
            run.host(target.name()).makeDirectories(dest);
        } catch (IOException e) {
            throw new StepFailure(target.name(), "cannot create " + dest + " on the target: " + e.getMessage(), e);
        }
        List<String> argv = Rsync.base(target);
        CopyRules.NEVER_COPIED.forEach(p -> argv.add("--exclude=" + p));
        argv.add("--out-format=" + Rsync.SENT + "%n");
        argv.add("--");
        argv.add(source + "/");
        argv.add(target.destination(dest + "/"));
        return Rsync.run(run, sf.host(), argv, item, -1).stream()
                .filter(n -> !n.endsWith("/"))
                .toList();
    }

    /** Copies and checks; returns what the check found, in one sentence. */
    static String copyAndVerify(StepRun run, StorageFiles sf, MigrationTarget target, String item)
            throws StepFailure, InterruptedException {
        List<String> sent = send(run, sf, target, item);
        String source = sf.blobDir();
        String dest = CopyStep.targetPath(run.setup(), sf.host(), source, target);
        FileHashes.Both<Map<String, Long>, Map<String, Long>> lists =
                FileHashes.both(() -> list(run, sf.host(), source), () -> list(run, target.name(), dest));
        Map<String, Long> theirs = lists.second();
        List<String> wrong = new ArrayList<>();
        long bytes = 0;
        Map<String, Long> ours = new LinkedHashMap<>();
        lists.first().forEach((name, size) -> {
            if (!neverCopied(name)) {
                ours.put(name, size);
            }
        });
        for (Map.Entry<String, Long> f : ours.entrySet()) {
            bytes += f.getValue();
            Long size = theirs.get(f.getKey());
            if (size == null || !size.equals(f.getValue())) {
                wrong.add(
                        f.getKey() + (size == null ? " (missing)" : " (" + size + " bytes, not " + f.getValue() + ")"));
            }
        }
        if (!wrong.isEmpty()) {
            throw new StepFailure(
                    target.name(),
                    "the blob copy " + dest + " lacks " + wrong.size() + " of the " + ours.size()
                            + " files of " + source + ": "
                            + String.join(", ", wrong.subList(0, Math.min(5, wrong.size())))
                            + (wrong.size() > 5 ? ", …" : ""));
        }
        List<String> changed = sent.stream().filter(ours::containsKey).toList();
        FileHashes.Both<Map<String, String>, Map<String, String>> h = FileHashes.both(
                () -> FileHashes.sha256All(run, sf.host(), source, changed),
                () -> FileHashes.sha256All(run, target.name(), dest, changed));
        List<String> differ = changed.stream()
                .filter(n -> !h.first().get(n).equals(h.second().get(n)))
                .toList();
        if (!differ.isEmpty()) {
            throw new StepFailure(
                    target.name(),
                    "the blob copy " + dest + " differs from " + source + " in "
                            + String.join(", ", differ.subList(0, Math.min(5, differ.size()))) + " (sha256)");
        }
        return dest + ": all " + ours.size() + " blob files (" + bytes + " bytes) of " + source
                + " are there with their sizes"
                + (theirs.size() > ours.size() ? " (and " + (theirs.size() - ours.size()) + " more, kept)" : "")
                + "; the " + changed.size() + " sent now have the same sha256 on both ends";
    }

    private static boolean neverCopied(String relative) {
        Path name = Path.of(relative).getFileName();
        return NEVER_COPIED.stream().anyMatch(m -> m.matches(name));
    }

    /** Every regular file under {@code dir}: relative name and size. */
    static Map<String, Long> list(StepRun run, String host, String dir) throws StepFailure, InterruptedException {
        CommandResult r;
        try {
            r = run.host(host)
                    .run(
                            List.of("find", dir, "-type", "f", "-printf", "%s %P\\0"),
                            run.setup().timeouts().copy());
        } catch (IOException e) {
            throw new StepFailure(host, "cannot list " + dir + " on " + host + ": " + e.getMessage(), e);
        }
        if (!r.ok()) {
            throw new StepFailure(
                    host,
                    "cannot list " + dir + " on " + host + ": " + r.stderr().strip());
        }
        Map<String, Long> out = new LinkedHashMap<>();
        for (String entry : r.stdout().split("\0")) {
            int space = entry.indexOf(' ');
            if (space > 0) {
                out.put(entry.substring(space + 1), Long.parseLong(entry.substring(0, space)));
            }
        }
        return out;
    }
}
