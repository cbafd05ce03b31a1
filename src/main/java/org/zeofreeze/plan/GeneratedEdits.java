package org.zeofreeze.plan;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import org.zeofreeze.discover.GeneratedFile;
import org.zeofreeze.discover.Generator;
import org.zeofreeze.zconfig.ConfigDocument;

/**
 * What a plan says about the files it changes that a tool writes again: a note for each (the
 * change lasts until then, and where a lasting setting goes), and a refusal for a file written
 * again at every start, where the change would be undone behind the admin's back, unless the
 * profile says to edit such files anyway.
 */
final class GeneratedEdits {
    private GeneratedEdits() {}

    /**
     * The notes for {@code changes}; {@code dirOfHost} gives each host's buildout (or project)
     * directory. Throws, before anything is written, for a file written again at every start.
     */
    static List<String> review(
            List<FileChange> changes, Function<String, String> dirOfHost, Mode mode, boolean editAnyway)
            throws PlanException {
        return review(changes, dirOfHost, mode == Mode.FREEZE ? "freeze" : "thaw", editAnyway, true);
    }

    /**
     * The same for a change called {@code change} ("move"); {@code buildoutNote}: whether
     * buildout's parts get their note here (a move words its own).
     */
    static List<String> review(
            List<FileChange> changes,
            Function<String, String> dirOfHost,
            String change,
            boolean editAnyway,
            boolean buildoutNote)
            throws PlanException {
        Set<String> buildout = new LinkedHashSet<>();
        boolean zeo = false;
        boolean zope = false;
        // A set: the same file on several hosts, or changed in two phases of a move, is one note.
        Set<String> notes = new LinkedHashSet<>();
        for (FileChange c : changes) {
            ConfigDocument before = ConfigDocument.of(c.path(), new String(c.before(), StandardCharsets.UTF_8));
            GeneratedFile generated = GeneratedFile.recognise(dirOfHost.apply(c.host()), c.path(), before)
                    .orElse(null);
            if (generated == null) {
                continue;
            }
            if (generated.generator() == Generator.BUILDOUT) {
                buildout.add(c.relativePath());
                zeo |= !generated.client();
                zope |= generated.client();
            } else if (generated.everyStart() && !editAnyway) {
                ConfigDocument after = ConfigDocument.of(c.path(), new String(c.after(), StandardCharsets.UTF_8));
                throw new PlanException(where(c.host()) + c.path() + ", line " + firstChangedLine(before, after)
                        + ": ZeoFreeze does not edit this file. It is " + generated.what() + ", and "
                        + generated.rewrittenWhen() + ", so the " + change
                        + " would be undone without a word. Instead, "
                        + generated.settingLives() + ". To edit the file anyway, for as long as it lasts, set "
                        + "\"editGeneratedFiles\": true in the cluster profile and plan with that profile.");
            } else {
                notes.add(c.relativePath() + " is " + generated.what()
                        + (generated.everyStart()
                                ? " and is edited " + "because the profile sets editGeneratedFiles"
                                : "")
                        + "; this " + change + " lasts until the "
                        + "file is written again: " + generated.rewrittenWhen() + ". For a lasting " + change + ": "
                        + generated.settingLives() + ".");
            }
        }
        List<String> out = new ArrayList<>();
        if (buildoutNote && !buildout.isEmpty()) {
            // One note for all of them, as an admin runs bin/buildout once for the whole buildout.
            out.add("Running bin/buildout regenerates " + String.join(", ", buildout) + " and undoes this change; "
                    + "for a lasting " + change + " put it in buildout.cfg ("
                    + (zeo && zope
                            ? "zeo-conf-additional / zope-conf-additional"
                            : zeo ? "zeo-conf-additional" : "zope-conf-additional")
                    + ").");
        }
        out.addAll(notes);
        return out;
    }

    /** The 1-based number of the first line the change touches (an inserted line: the line it becomes). */
    static int firstChangedLine(ConfigDocument before, ConfigDocument after) {
        int n = Math.min(before.lines().size(), after.lines().size());
        for (int i = 0; i < n; i++) {
            if (!before.line(i).equals(after.line(i))) {
                return i + 1;
            }
        }
        return n + 1;
    }

    private static String where(String host) {
        return host.equals("local") ? "" : host + ":";
    }
}
