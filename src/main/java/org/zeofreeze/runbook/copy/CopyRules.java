package org.zeofreeze.runbook.copy;

import java.util.ArrayList;
import java.util.List;
import org.zeofreeze.profile.MigrationTarget;

/** What a copy of a storage leaves out, and how rsync's {@code -e} is quoted: one place for the runbook and the export. */
public final class CopyRules {
    /** Never copied: the index, lock, temporary, pack and old files of a FileStorage. */
    public static final List<String> NEVER_COPIED =
            List.of("*.fs.index", "*.fs.lock", "*.fs.tmp", "*.fs.pack", "*.fs.old", "*.lock", ".lock");

    private CopyRules() {}

    /** rsync splits {@code -e} at blanks and honours quotes: quote what needs it. */
    public static String shellWords(List<String> words) {
        return String.join(
                " ",
                words.stream()
                        .map(w -> w.matches("[A-Za-z0-9_./=:@%+,-]+") ? w : "'" + w.replace("'", "'\\''") + "'")
                        .toList());
    }

    /**
     * rsync's argument list to the migration target, before the files: archive mode, names never
     * read by a remote shell ({@code --protect-args}), how it reports ({@code reporting}), the
     * target's bandwidth limit, and its shell for a target on another host. One list for the run's
     * copy and the exported playbook's.
     */
    public static List<String> rsyncTo(MigrationTarget target, List<String> reporting) {
        List<String> argv = new ArrayList<>(List.of("rsync", "-a", "--protect-args"));
        argv.addAll(reporting);
        if (target.bandwidthLimitKBps() != null) {
            argv.add("--bwlimit=" + target.bandwidthLimitKBps());
        }
        if (!target.isLocal()) {
            argv.add("-e");
            argv.add(shellWords(target.rsyncShell()));
        }
        return argv;
    }
}
