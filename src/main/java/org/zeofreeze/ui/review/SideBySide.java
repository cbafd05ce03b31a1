package org.zeofreeze.ui.review;

import com.github.difflib.DiffUtils;
import com.github.difflib.patch.AbstractDelta;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Lines up two versions of a file for a side-by-side view, whole file, changed lines marked. */
public final class SideBySide {
    private SideBySide() {}

    public static List<DiffRow> rows(byte[] before, byte[] after) {
        return rows(lines(before), lines(after));
    }

    public static List<DiffRow> rows(List<String> old, List<String> now) {
        List<DiffRow> rows = new ArrayList<>();
        int o = 0;
        int n = 0;
        for (AbstractDelta<String> delta : DiffUtils.diff(old, now).getDeltas()) {
            int sourceAt = delta.getSource().getPosition();
            while (o < sourceAt) {
                rows.add(new DiffRow(DiffRow.Kind.SAME, o + 1, old.get(o), n + 1, now.get(n)));
                o++;
                n++;
            }
            List<String> removed = delta.getSource().getLines();
            List<String> added = delta.getTarget().getLines();
            int paired = Math.min(removed.size(), added.size());
            for (int i = 0; i < Math.max(removed.size(), added.size()); i++) {
                if (i < paired) {
                    rows.add(new DiffRow(DiffRow.Kind.CHANGED, o + 1, removed.get(i), n + 1, added.get(i)));
                    o++;
                    n++;
                } else if (i < removed.size()) {
                    rows.add(new DiffRow(DiffRow.Kind.REMOVED, o + 1, removed.get(i), null, null));
                    o++;
                } else {
                    rows.add(new DiffRow(DiffRow.Kind.ADDED, null, null, n + 1, added.get(i)));
                    n++;
                }
            }
        }
        while (o < old.size()) {
            rows.add(new DiffRow(DiffRow.Kind.SAME, o + 1, old.get(o), n + 1, now.get(n)));
            o++;
            n++;
        }
        return rows;
    }

    /** Lines without their endings; a last line without a newline is still a line. */
    static List<String> lines(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8).lines().toList();
    }
}
