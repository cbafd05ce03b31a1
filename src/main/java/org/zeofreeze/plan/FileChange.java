package org.zeofreeze.plan;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.zeofreeze.zconfig.ConfigDocument;

/**
 * One configuration file the plan changes: its bytes as read (with their sha256, so an apply can
 * refuse a file that changed since it was shown) and as they will be written.
 */
public record FileChange(
        String host,
        String path,
        String relativePath,
        byte[] before,
        byte[] after,
        String beforeSha256,
        List<String> summary,
        String diff) {
    public FileChange {
        before = before.clone();
        after = after.clone();
        summary = List.copyOf(summary);
    }

    /** The change from one document to another, with its sha256 and its diff. */
    public static FileChange between(
            String host, String path, String relativePath, byte[] before, byte[] after, List<String> summary) {
        ConfigDocument b = ConfigDocument.of(path, new String(before, StandardCharsets.UTF_8));
        ConfigDocument a = ConfigDocument.of(path, new String(after, StandardCharsets.UTF_8));
        return new FileChange(
                host,
                path,
                relativePath,
                before,
                after,
                Hashes.sha256(before),
                summary,
                UnifiedDiff.of(relativePath, b, a));
    }

    @Override
    public byte[] before() {
        return before.clone();
    }

    @Override
    public byte[] after() {
        return after.clone();
    }

    /** A file outside the buildout (an {@code %include}d one): its patch applies from {@code /}. */
    public boolean outsideBuildout() {
        return relativePath.startsWith("/");
    }

    public String afterSha256() {
        return Hashes.sha256(after);
    }

    /** How many lines the diff adds and removes. */
    public int changedLines() {
        return (int) diff.lines()
                .filter(l -> (l.startsWith("+") && !l.startsWith("+++")) || (l.startsWith("-") && !l.startsWith("---")))
                .count();
    }
}
