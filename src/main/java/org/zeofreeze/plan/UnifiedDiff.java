package org.zeofreeze.plan;

import com.github.difflib.DiffUtils;
import com.github.difflib.patch.AbstractDelta;
import com.github.difflib.patch.Patch;
import java.util.List;
import org.zeofreeze.zconfig.ConfigDocument;
import org.zeofreeze.zconfig.Line;

/**
 * Unified diff of two versions of a file in the form {@code patch -p1} applies: {@code a/} and
 * {@code b/} paths, three lines of context, each line written with its own line ending, and the
 * {@code \ No newline at end of file} marker that generated zope.conf files need. java-diff-utils
 * finds the changes; this class only lays them out.
 */
public final class UnifiedDiff {
    private static final int CONTEXT = 3;
    private static final String NO_NEWLINE = "\\ No newline at end of file\n";

    private UnifiedDiff() {}

    public static String of(String relativePath, ConfigDocument before, ConfigDocument after) {
        List<String> a = before.lines().stream().map(Line::raw).toList();
        List<String> b = after.lines().stream().map(Line::raw).toList();
        Patch<String> patch = DiffUtils.diff(a, b);
        if (patch.getDeltas().isEmpty()) {
            return "";
        }
        StringBuilder out = new StringBuilder();
        // A file outside the buildout (an %include'd one) is named from '/': patch -p1 -d / applies it.
        String name = relativePath.startsWith("/") ? relativePath.substring(1) : relativePath;
        out.append("--- a/").append(name).append('\n');
        out.append("+++ b/").append(name).append('\n');
        List<AbstractDelta<String>> deltas = patch.getDeltas();
        int i = 0;
        while (i < deltas.size()) {
            int j = i;
            while (j + 1 < deltas.size()
                    && deltas.get(j + 1).getSource().getPosition() - end(deltas.get(j)) <= 2 * CONTEXT) {
                j++;
            }
            hunk(out, a, deltas.subList(i, j + 1));
            i = j + 1;
        }
        return out.toString();
    }

    private static int end(AbstractDelta<String> d) {
        return d.getSource().getPosition() + d.getSource().size();
    }

    private static void hunk(StringBuilder out, List<String> a, List<AbstractDelta<String>> group) {
        AbstractDelta<String> first = group.get(0);
        int start = Math.max(0, first.getSource().getPosition() - CONTEXT);
        int stop = Math.min(a.size(), end(group.get(group.size() - 1)) + CONTEXT);
        int newStart = first.getTarget().getPosition() - (first.getSource().getPosition() - start);
        int oldCount = stop - start;
        int newCount = oldCount;
        for (AbstractDelta<String> d : group) {
            newCount += d.getTarget().size() - d.getSource().size();
        }
        out.append("@@ -")
                .append(range(start, oldCount))
                .append(" +")
                .append(range(newStart, newCount))
                .append(" @@\n");
        int cursor = start;
        for (AbstractDelta<String> d : group) {
            for (; cursor < d.getSource().getPosition(); cursor++) {
                line(out, ' ', a.get(cursor));
            }
            d.getSource().getLines().forEach(l -> line(out, '-', l));
            d.getTarget().getLines().forEach(l -> line(out, '+', l));
            cursor = end(d);
        }
        for (; cursor < stop; cursor++) {
            line(out, ' ', a.get(cursor));
        }
    }

    private static String range(int start, int count) {
        int shown = count == 0 ? start : start + 1;
        return count == 1 ? Integer.toString(shown) : shown + "," + count;
    }

    private static void line(StringBuilder out, char prefix, String raw) {
        out.append(prefix).append(raw);
        if (!raw.endsWith("\n") && !raw.endsWith("\r")) {
            out.append('\n').append(NO_NEWLINE);
        } else if (raw.endsWith("\r") && !raw.endsWith("\r\n")) {
            out.append('\n');
        }
    }
}
