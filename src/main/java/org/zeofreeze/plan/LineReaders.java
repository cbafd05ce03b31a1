package org.zeofreeze.plan;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.zeofreeze.cluster.SourceRef;
import org.zeofreeze.discover.Discovery;
import org.zeofreeze.discover.HostFile;
import org.zeofreeze.zconfig.KeyValue;
import org.zeofreeze.zconfig.Node;
import org.zeofreeze.zconfig.ParsedConfig;
import org.zeofreeze.zconfig.Section;

/**
 * Which sections read each line, over every configuration of every host. A file that several
 * sections {@code %include} gives each of them the same lines, so an edit of such a line changes
 * all of them: the planner may only make it when every one of them is meant to change.
 *
 * <p>A section as read at one place in one configuration is an <em>occurrence</em>, named by the
 * chain of (file, line) from the configuration's main file down to it, which tells apart two
 * inclusions of the same text.
 */
final class LineReaders {
    /** A section at one place: its occurrence key and a description for a person. */
    record Occurrence(String key, String description) {}

    /** A line of a file on a host; {@code head} for the header line of a section (where keys are added). */
    record LineKey(String host, String file, int index, boolean head) {}

    private final Map<LineKey, List<Occurrence>> readers = new HashMap<>();
    private final Map<String, Occurrence> firstAt = new HashMap<>();

    LineReaders(Discovery discovery) {
        for (Map.Entry<HostFile, ParsedConfig> e : discovery.configs().entrySet()) {
            index(e.getKey(), e.getValue());
        }
    }

    /** {@code ancestors}: "file\0line" of every section around this one, innermost first. */
    private record Todo(Section section, Section parent, String key, List<String> ancestors) {}

    private void index(HostFile config, ParsedConfig parsed) {
        String host = config.host();
        Deque<Todo> todo = new ArrayDeque<>();
        todo.push(new Todo(parsed.root(), null, config.path(), List.of()));
        while (!todo.isEmpty()) {
            Todo t = todo.pop();
            Section s = t.section();
            Occurrence occurrence = new Occurrence(t.key(), describe(s, t.parent(), config.path()));
            if (!s.isRoot()) {
                add(new LineKey(host, s.file(), s.lineIndex(), true), occurrence);
                String at = host + "\0" + config.path() + "\0" + s.file() + "\0" + s.lineNumber();
                firstAt.putIfAbsent(at, occurrence);
                // Inside a wrapper, the <zeoclient> of a <zodb_db> is found under the database as well.
                for (String ancestor : t.ancestors()) {
                    firstAt.putIfAbsent(at + "\0" + ancestor, occurrence);
                }
            }
            List<Todo> inner = new ArrayList<>();
            for (Node child : s.children()) {
                if (child instanceof KeyValue kv) {
                    add(new LineKey(host, kv.file(), kv.lineIndex(), false), occurrence);
                } else if (child instanceof Section section) {
                    List<String> ancestors = new ArrayList<>();
                    if (!s.isRoot()) {
                        ancestors.add(s.file() + "\0" + s.lineNumber());
                        ancestors.addAll(t.ancestors());
                    }
                    inner.add(new Todo(
                            section, s, t.key() + "|" + section.file() + ":" + section.lineIndex(), ancestors));
                }
            }
            // In reverse, so that sections come off the stack in file order, as Section.walk gives them.
            for (int i = inner.size() - 1; i >= 0; i--) {
                todo.push(inner.get(i));
            }
        }
    }

    private void add(LineKey line, Occurrence occurrence) {
        List<Occurrence> list = readers.computeIfAbsent(line, k -> new ArrayList<>());
        if (!list.contains(occurrence)) {
            list.add(occurrence);
        }
    }

    private static String describe(Section s, Section parent, String mainFile) {
        StringBuilder b = new StringBuilder(s.header())
                .append(" at ")
                .append(s.file())
                .append(':')
                .append(s.lineNumber());
        if (parent != null && !parent.isRoot()) {
            b.append(" inside ")
                    .append(parent.header())
                    .append(" at ")
                    .append(parent.file())
                    .append(':')
                    .append(parent.lineNumber());
        }
        if (!s.file().equals(mainFile)) {
            b.append(", as read by ").append(mainFile);
        }
        return b.toString();
    }

    /** Every occurrence of a section that reads the line. */
    List<Occurrence> readersOf(LineKey line) {
        return readers.getOrDefault(line, List.of());
    }

    /** The first occurrence of the section at {@code ref} in one configuration. */
    Optional<Occurrence> occurrence(String host, String mainFile, SourceRef ref) {
        return Optional.ofNullable(firstAt.get(host + "\0" + mainFile + "\0" + ref.file() + "\0" + ref.line()));
    }

    /** The occurrence of the section at {@code ref} inside the section at {@code parent}, at any depth. */
    Optional<Occurrence> occurrence(String host, String mainFile, SourceRef ref, SourceRef parent) {
        return Optional.ofNullable(firstAt.get(host + "\0" + mainFile + "\0" + ref.file() + "\0" + ref.line() + "\0"
                + parent.file() + "\0" + parent.line()));
    }
}
