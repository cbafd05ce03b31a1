package org.zeofreeze.zconfig;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A {@code <type name>} section. Type and name are lower-cased as ZConfig does; the root of a
 * file has type {@code ""}. {@code endIndex} is the line of {@code </type>}, or -1 for the root
 * and for the empty form {@code <type name/>}.
 */
public record Section(
        String type, String name, String file, int lineIndex, int endIndex, boolean emptyForm, List<Node> children)
        implements Node {

    public Section {
        children = List.copyOf(children);
    }

    public boolean isRoot() {
        return lineIndex < 0;
    }

    public Stream<KeyValue> keys() {
        return children.stream().filter(KeyValue.class::isInstance).map(KeyValue.class::cast);
    }

    public List<KeyValue> values(String key) {
        return keys().filter(kv -> kv.is(key)).toList();
    }

    /** The last value given for the key, as ZConfig keeps for single-valued keys. */
    public Optional<String> get(String key) {
        List<KeyValue> all = values(key);
        return all.isEmpty()
                ? Optional.empty()
                : Optional.of(all.get(all.size() - 1).value());
    }

    public Stream<Section> sections() {
        return children.stream().filter(Section.class::isInstance).map(Section.class::cast);
    }

    public List<Section> sections(String type) {
        return sections().filter(s -> s.type().equals(type)).toList();
    }

    /** Depth-first, in file order: this section and every section inside it (without recursion). */
    public Stream<Section> walk() {
        List<Section> out = new ArrayList<>();
        Deque<Section> todo = new ArrayDeque<>();
        todo.push(this);
        while (!todo.isEmpty()) {
            Section s = todo.pop();
            out.add(s);
            List<Section> inner = s.sections().toList();
            for (int i = inner.size() - 1; i >= 0; i--) {
                todo.push(inner.get(i));
            }
        }
        return out.stream();
    }

    /** 1-based line number for messages. */
    public int lineNumber() {
        return lineIndex + 1;
    }

    public String header() {
        return "<" + type + (name == null ? "" : " " + name) + ">";
    }
}
