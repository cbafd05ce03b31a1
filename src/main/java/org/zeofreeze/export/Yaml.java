package org.zeofreeze.export;

import java.util.List;
import java.util.Map;

/**
 * Writes maps (in their own order), lists, strings, numbers and booleans as block YAML. Every
 * string is double-quoted with escapes, so no value from a host (a path, a command argument) can
 * read as YAML syntax; one that holds Jinja delimiters is tagged {@code !unsafe}, so Ansible never
 * evaluates it. Long strings are folded with escaped line breaks, which keep the value exact.
 */
final class Yaml {
    /** Folded after a blank from here on, and anywhere at {@link #HARD_WIDTH}. */
    private static final int WIDTH = 100;

    private static final int HARD_WIDTH = 140;

    private Yaml() {}

    /** A document: {@code ---} and the value. */
    static String document(Object value) {
        StringBuilder out = new StringBuilder("---\n");
        block(out, value, 0);
        return out.toString();
    }

    private static void block(StringBuilder out, Object value, int indent) {
        if (value instanceof Map<?, ?> map) {
            for (Map.Entry<?, ?> e : map.entrySet()) {
                entry(out, indent, key(e.getKey()), e.getValue());
            }
        } else if (value instanceof List<?> list) {
            for (Object item : list) {
                out.append(" ".repeat(indent)).append("- ");
                if (item instanceof Map<?, ?> m && !m.isEmpty()) {
                    boolean first = true;
                    for (Map.Entry<?, ?> e : m.entrySet()) {
                        entry(out, first ? 0 : indent + 2, key(e.getKey()), e.getValue());
                        first = false;
                    }
                } else if (item instanceof List<?> l && !l.isEmpty()) {
                    out.append('\n');
                    block(out, l, indent + 2);
                } else {
                    out.append(scalar(item, indent + 2)).append('\n');
                }
            }
        } else {
            out.append(" ".repeat(indent)).append(scalar(value, indent)).append('\n');
        }
    }

    private static void entry(StringBuilder out, int indent, String key, Object value) {
        out.append(" ".repeat(indent)).append(key).append(':');
        if (value instanceof Map<?, ?> m && !m.isEmpty()) {
            out.append('\n');
            block(out, m, indent + 2);
        } else if (value instanceof List<?> l && !l.isEmpty()) {
            out.append('\n');
            block(out, l, indent + 2);
        } else {
            out.append(' ').append(scalar(value, indent + 2)).append('\n');
        }
    }

    private static String key(Object key) {
        String k = String.valueOf(key);
        if (!k.matches("[A-Za-z_][A-Za-z0-9_.-]*")) {
            return quote(k, 0);
        }
        return k;
    }

    private static String scalar(Object value, int indent) {
        if (value == null) {
            return "null";
        }
        if (value instanceof Map<?, ?>) {
            return "{}";
        }
        if (value instanceof List<?>) {
            return "[]";
        }
        if (value instanceof Boolean || value instanceof Integer || value instanceof Long) {
            return value.toString();
        }
        if (value instanceof Jinja j) {
            return quote(j.expression(), indent);
        }
        String s = value.toString();
        return (hasJinja(s) ? "!unsafe " : "") + quote(s, indent);
    }

    static boolean hasJinja(String s) {
        return s.contains("{{") || s.contains("{%") || s.contains("{#");
    }

    /** A double-quoted scalar; folded after each newline and where lines grow long, exactly. */
    static String quote(String s, int indent) {
        StringBuilder out = new StringBuilder("\"");
        int column = 0;
        String continuation = "\\\n" + " ".repeat(indent);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            // A folded line's leading blanks would be dropped: the first one is escaped instead.
            boolean lineStart = column == 0 && out.length() > 1;
            String piece = switch (c) {
                case '"' -> "\\\"";
                case '\\' -> "\\\\";
                case '\n' -> "\\n";
                case '\t' -> "\\t";
                case '\r' -> "\\r";
                case ' ' -> lineStart ? "\\x20" : " ";
                default ->
                    c < 0x20 || c == 0x7f || c == 0x85 || c == 0x2028 || c == 0x2029 || c == 0xfeff
                            ? String.format("\\u%04x", (int) c)
                            : String.valueOf(c);
            };
            out.append(piece);
            column += piece.length();
            boolean more = i + 1 < s.length();
            if (more
                    && (c == '\n'
                            || column >= WIDTH && c == ' '
                            || column >= HARD_WIDTH && !Character.isHighSurrogate(c))) {
                out.append(continuation);
                column = 0;
            }
        }
        return out.append('"').toString();
    }

    /** A value Ansible is meant to evaluate: written by the exporter itself, never taken from a host. */
    record Jinja(String expression) {}
}
