package org.zeofreeze.zconfig;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads ZConfig files the way ZConfig's own parser does: each line is stripped before it is
 * classified; blank and {@code #} lines are comments; {@code <type name>}, {@code </type>} and
 * {@code <type name/>} open and close sections; {@code %define}, {@code %include} and
 * {@code %import} are directives; everything else is {@code key value}, split at the first blank.
 */
public final class ConfigParser {
    // Names exclude whitespace and parentheses, as in ZConfig; whitespace is Python's.
    private static final String NAME = "([^" + PythonText.SPACE_CLASS + "()]+)";
    private static final Pattern KEY_VALUE =
            Pattern.compile(NAME + PythonText.SPACE + "*(" + PythonText.NON_SPACE + ".*)?", Pattern.DOTALL);
    private static final Pattern SECTION_START =
            Pattern.compile(NAME + "(?:" + PythonText.SPACE + "+" + NAME + ")?", Pattern.DOTALL);

    /** Sections deeper than this are refused: no real configuration comes near, and a tree this deep stays cheap to walk. */
    static final int MAX_SECTION_DEPTH = 100;
    /** Includes within includes deeper than this are refused (ZConfig itself would exhaust Python's stack). */
    static final int MAX_INCLUDE_DEPTH = 50;
    /** Lines read in all, counting each time an included file is read again: bounds includes that multiply. */
    static final int MAX_TOTAL_LINES = 1_000_000;

    private final ConfigSource source;
    private final UnaryOperator<String> environment;

    public ConfigParser(ConfigSource source, UnaryOperator<String> environment) {
        this.source = source;
        this.environment = environment;
    }

    /** A parser for single files: any {@code %include} is reported as an error. */
    public static ConfigParser standalone() {
        return new ConfigParser(
                path -> {
                    throw new IOException("includes are not available here");
                },
                System::getenv);
    }

    public ParsedConfig parse(ConfigDocument document) throws ConfigSyntaxError {
        Map<String, ConfigDocument> documents = new LinkedHashMap<>();
        Builder root = new Builder("", null, document.path(), -1, 0);
        parseInto(document, root, new HashMap<>(), documents, new ArrayDeque<>(), new int[1]);
        return new ParsedConfig(root.build(-1, false), documents, environment);
    }

    private void parseInto(
            ConfigDocument doc,
            Builder top,
            Map<String, String> defines,
            Map<String, ConfigDocument> documents,
            Deque<String> including,
            int[] linesRead)
            throws ConfigSyntaxError {
        documents.putIfAbsent(doc.path(), doc);
        including.push(doc.path());
        Deque<Builder> stack = new ArrayDeque<>();
        Builder current = top;
        List<Line> lines = doc.lines();
        linesRead[0] += lines.size();
        if (linesRead[0] > MAX_TOTAL_LINES) {
            throw new ConfigSyntaxError(
                    doc.path(),
                    0,
                    "the includes add up to more than " + MAX_TOTAL_LINES
                            + " lines (a file included many times over?); include each file once");
        }
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).stripped();
            if (line.isEmpty() || line.charAt(0) == '#') {
                continue;
            }
            if (line.startsWith("</")) {
                if (!line.endsWith(">")) {
                    throw error(doc, i, "malformed section end '" + line + "': it must end with '>'");
                }
                if (stack.isEmpty()) {
                    throw error(doc, i, "'" + line + "' closes a section that was never opened in this file");
                }
                String type = PythonText.stripTrailing(line.substring(2, line.length() - 1))
                        .toLowerCase(Locale.ROOT);
                if (!type.equals(current.type)) {
                    throw error(
                            doc,
                            i,
                            "unbalanced section end: '" + line + "' found where '</" + current.type
                                    + ">' closes the section opened on line " + (current.lineIndex + 1));
                }
                Section done = current.build(i, false);
                current = stack.pop();
                current.children.add(done);
            } else if (line.charAt(0) == '<') {
                if (!line.endsWith(">")) {
                    throw error(doc, i, "malformed section start '" + line + "': it must end with '>'");
                }
                String rest = line.substring(1, line.length() - 1);
                boolean empty = rest.endsWith("/");
                if (empty) {
                    rest = rest.substring(0, rest.length() - 1);
                }
                Matcher m = SECTION_START.matcher(PythonText.stripTrailing(rest));
                if (!m.matches()) {
                    throw error(
                            doc,
                            i,
                            "malformed section header '" + line + "': write '<type name>' with at most one name");
                }
                String type = m.group(1).toLowerCase(Locale.ROOT);
                // ZConfig lower-cases section names but does not substitute in them.
                String name = m.group(2) == null ? null : m.group(2).toLowerCase(Locale.ROOT);
                if (current.depth >= MAX_SECTION_DEPTH) {
                    throw error(
                            doc,
                            i,
                            "sections are nested more than " + MAX_SECTION_DEPTH + " deep; "
                                    + "this cannot be a ZEO or Zope configuration");
                }
                Builder section = new Builder(type, name, doc.path(), i, current.depth + 1);
                if (empty) {
                    current.children.add(section.build(-1, true));
                } else {
                    stack.push(current);
                    current = section;
                }
            } else if (line.charAt(0) == '%') {
                directive(doc, i, line.substring(1), current, defines, documents, including, linesRead);
            } else {
                Matcher m = KEY_VALUE.matcher(line);
                if (!m.matches()) {
                    throw error(doc, i, "malformed line '" + line + "': expected 'key value'");
                }
                String raw = m.group(2) == null ? "" : m.group(2);
                String value = raw.isEmpty() ? "" : substitute(doc, i, raw, defines);
                current.children.add(new KeyValue(m.group(1), raw, value, doc.path(), i));
            }
        }
        if (!stack.isEmpty()) {
            throw error(
                    doc,
                    lines.size() - 1,
                    "section '" + current.header() + "' opened on line " + (current.lineIndex + 1)
                            + " is never closed; add '</" + current.type + ">'");
        }
        including.pop();
    }

    private void directive(
            ConfigDocument doc,
            int i,
            String rest,
            Builder current,
            Map<String, String> defines,
            Map<String, ConfigDocument> documents,
            Deque<String> including,
            int[] linesRead)
            throws ConfigSyntaxError {
        Matcher m = KEY_VALUE.matcher(rest);
        if (!m.matches()) {
            throw error(doc, i, "missing or unrecognized directive '%" + rest + "'");
        }
        String name = m.group(1);
        String arg = m.group(2);
        if (!name.equals("define") && !name.equals("include") && !name.equals("import")) {
            throw error(doc, i, "unknown directive '%" + name + "'; ZConfig knows %define, %include and %import");
        }
        if (arg == null || arg.isEmpty()) {
            throw error(doc, i, "the %" + name + " directive needs an argument");
        }
        switch (name) {
            case "define" -> {
                String[] parts = PythonText.splitOnce(arg);
                String defname = parts[0].toLowerCase(Locale.ROOT);
                String defvalue = parts.length == 2 ? parts[1] : "";
                if (defines.containsKey(defname) && !defines.get(defname).equals(defvalue)) {
                    throw error(
                            doc,
                            i,
                            "'" + defname + "' is already defined with another value; ZConfig cannot redefine it");
                }
                if (!Substitution.isName(defname)) {
                    throw error(doc, i, "'" + defname + "' is not a legal name for %define (letters, digits and '_')");
                }
                defines.put(defname, substitute(doc, i, defvalue, defines));
            }
            case "include" -> {
                String written = substitute(doc, i, PythonText.strip(arg), defines);
                String target;
                try {
                    target = IncludeUrl.resolve(doc.path(), written);
                } catch (IllegalArgumentException e) {
                    throw error(doc, i, e.getMessage());
                }
                if (including.contains(target)) {
                    throw error(doc, i, "'" + target + "' includes itself (an include loop)");
                }
                if (including.size() >= MAX_INCLUDE_DEPTH) {
                    throw error(doc, i, "includes are nested more than " + MAX_INCLUDE_DEPTH + " deep");
                }
                ConfigDocument included;
                try {
                    included = documents.containsKey(target) ? documents.get(target) : source.load(target);
                } catch (IOException e) {
                    throw error(doc, i, "cannot read included file '" + target + "': " + e.getMessage());
                }
                parseInto(included, current, defines, documents, including, linesRead);
            }
            default -> substitute(doc, i, PythonText.strip(arg), defines); // %import names a schema package
        }
    }

    private String substitute(ConfigDocument doc, int i, String text, Map<String, String> defines)
            throws ConfigSyntaxError {
        try {
            return Substitution.substitute(text, defines, environment);
        } catch (Substitution.SubstitutionException e) {
            throw error(doc, i, e.getMessage());
        }
    }

    private static ConfigSyntaxError error(ConfigDocument doc, int index, String reason) {
        return new ConfigSyntaxError(doc.path(), index + 1, reason);
    }

    private static final class Builder {
        final String type;
        final String name;
        final String file;
        final int lineIndex;
        final int depth;
        final List<Node> children = new ArrayList<>();

        Builder(String type, String name, String file, int lineIndex, int depth) {
            this.type = type;
            this.name = name;
            this.file = file;
            this.lineIndex = lineIndex;
            this.depth = depth;
        }

        String header() {
            return "<" + type + (name == null ? "" : " " + name) + ">";
        }

        Section build(int endIndex, boolean emptyForm) {
            return new Section(type, name, file, lineIndex, endIndex, emptyForm, children);
        }
    }
}
