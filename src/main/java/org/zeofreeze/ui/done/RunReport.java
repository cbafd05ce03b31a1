package org.zeofreeze.ui.done;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.zeofreeze.format.Units;
import org.zeofreeze.runbook.timeline.TimelineSvg;
import org.zeofreeze.ui.session.RunSummary;

/** A run's report, as Markdown or as a standalone HTML page, for the change log of the migration. */
public final class RunReport {
    public enum Format {
        MARKDOWN,
        HTML
    }

    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    private RunReport() {}

    public static String render(RunSummary s, Format format) {
        return format == Format.MARKDOWN ? markdown(s) : html(s);
    }

    /** The key facts in order: label, value. */
    static List<String[]> facts(RunSummary s) {
        List<String[]> facts = new ArrayList<>(List.of(
                new String[] {"Cluster", s.cluster()},
                new String[] {"Mode", s.moves() ? "move" : s.mode().name().toLowerCase(Locale.ROOT)},
                new String[] {
                    "Outcome",
                    s.finished().outcome().name().toLowerCase(Locale.ROOT).replace('_', ' ')
                },
                new String[] {"Message", s.finished().message()},
                new String[] {"Started", WHEN.format(s.started())},
                new String[] {"Ended", WHEN.format(s.ended())},
                new String[] {"Took", Units.duration(s.duration())},
                new String[] {
                    "Site down", s.downtime() == null ? "not restarted by ZeoFreeze" : Units.duration(s.downtime())
                },
                new String[] {
                    "Outage",
                    s.outage() == null
                            ? "not restarted by ZeoFreeze"
                            : s.outage().describe()
                },
                new String[] {
                    "Frozen window",
                    s.frozen() == null
                            ? "no copy to the migration target"
                            : s.frozen().describe()
                },
                new String[] {
                    "Journal",
                    s.finished().journal() == null ? "none" : s.finished().journal()
                }));
        if (s.moves()) {
            // Beside the frozen window: until writable at the new server, not only until the copy was verified.
            facts.add(facts.size() - 1, new String[] {
                "Read-only until writable at the target",
                DoneViewModel.moveWindows(s.moved()).replaceFirst("^[^:]*: ", "")
            });
        }
        return facts;
    }

    static String markdown(RunSummary s) {
        StringBuilder b =
                new StringBuilder("# ZeoFreeze report: ").append(s.cluster()).append("\n\n");
        for (String[] f : facts(s)) {
            b.append("- **").append(f[0]).append(":** ").append(f[1]).append('\n');
        }
        list(b, "Storages", s.storages());
        changes(b, s.changes(), false);
        list(b, "Copies", s.copies());
        list(b, "Verified", s.verified());
        b.append("\n## Log\n\n```\n");
        s.log().forEach(l -> b.append(l).append('\n'));
        b.append("```\n");
        return b.toString();
    }

    private static void list(StringBuilder b, String title, List<String> items) {
        if (items.isEmpty()) {
            return;
        }
        b.append("\n## ").append(title).append("\n\n");
        items.forEach(i -> b.append("- `").append(i).append("`\n"));
    }

    static String html(RunSummary s) {
        StringBuilder b = new StringBuilder("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<title>ZeoFreeze report: ")
                .append(esc(s.cluster()))
                .append("</title>")
                .append("<style>body{font-family:system-ui,sans-serif;max-width:60em;margin:2em auto;color:#1f2328}"
                        + "th{text-align:left;padding-right:1em}pre{background:#f6f8fa;padding:1em;overflow:auto}"
                        + ".timeline{overflow-x:auto}.timeline svg{max-width:100%;height:auto}</style>")
                .append("</head><body>\n<h1>ZeoFreeze report: ")
                .append(esc(s.cluster()))
                .append("</h1>\n<table>\n");
        for (String[] f : facts(s)) {
            b.append("<tr><th>")
                    .append(esc(f[0]))
                    .append("</th><td>")
                    .append(esc(f[1]))
                    .append("</td></tr>\n");
        }
        b.append("</table>\n");
        if (s.timeline() != null && !s.timeline().isEmpty()) {
            // Inline, no script, no file beside it: the report stays one file that opens anywhere.
            b.append("<h2>Timeline</h2>\n<div class=\"timeline\">")
                    .append(TimelineSvg.render(s.timeline()))
                    .append("</div>\n");
        }
        htmlList(b, "Storages", s.storages());
        changes(b, s.changes(), true);
        htmlList(b, "Copies", s.copies());
        htmlList(b, "Verified", s.verified());
        b.append("<h2>Log</h2>\n<pre>");
        s.log().forEach(l -> b.append(esc(l)).append('\n'));
        b.append("</pre>\n</body></html>\n");
        return b.toString();
    }

    private static void htmlList(StringBuilder b, String title, List<String> items) {
        if (items.isEmpty()) {
            return;
        }
        b.append("<h2>").append(esc(title)).append("</h2>\n<ul>\n");
        items.forEach(i -> b.append("<li><code>").append(esc(i)).append("</code></li>\n"));
        b.append("</ul>\n");
    }

    /** One entry per distinct change: a file, or the files that got the very same edit. */
    private static void changes(StringBuilder b, List<List<String>> changes, boolean html) {
        if (changes.isEmpty()) {
            return;
        }
        b.append(html ? "<h2>Files changed</h2>\n<ul>\n" : "\n## Files changed\n\n");
        for (List<String> files : changes) {
            if (html) {
                b.append("<li>")
                        .append(files.size() == 1 ? "" : "The same change in " + files.size() + " files: ")
                        .append(String.join(
                                ", ",
                                files.stream()
                                        .map(f -> "<code>" + esc(f) + "</code>")
                                        .toList()))
                        .append("</li>\n");
            } else {
                b.append("- ")
                        .append(files.size() == 1 ? "" : "The same change in " + files.size() + " files: ")
                        .append(String.join(
                                ", ", files.stream().map(f -> "`" + f + "`").toList()))
                        .append('\n');
            }
        }
        if (html) {
            b.append("</ul>\n");
        }
    }

    static String esc(String s) {
        return s == null
                ? ""
                : s.replace("&", "&amp;")
                        .replace("<", "&lt;")
                        .replace(">", "&gt;")
                        .replace("\"", "&quot;");
    }
}
