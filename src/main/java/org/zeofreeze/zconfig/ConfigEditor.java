package org.zeofreeze.zconfig;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Computes the smallest line edits that set or remove a key in a section, as a person would
 * make them: an existing key line (in any case) is rewritten in place keeping its indentation,
 * spelling and trailing blanks; a new key goes after the section's last key, indented like it.
 */
public final class ConfigEditor {
    // Indentation, key, separator, value, trailing whitespace; whitespace and key names as ZConfig reads them.
    private static final Pattern KEY_LINE = Pattern.compile(
            "(" + PythonText.SPACE + "*)([^" + PythonText.SPACE_CLASS + "()]+)(" + PythonText.SPACE + "*)(.*?)("
                    + PythonText.SPACE + "*)",
            Pattern.DOTALL);

    private ConfigEditor() {}

    public static List<LineEdit> setKey(ParsedConfig config, Section section, String key, String value)
            throws EditException {
        List<KeyValue> existing = section.values(key);
        List<LineEdit> edits = new ArrayList<>();
        if (!existing.isEmpty()) {
            for (KeyValue kv : existing) {
                Line line = config.documents().get(kv.file()).line(kv.lineIndex());
                Matcher m = KEY_LINE.matcher(line.text());
                if (!m.matches()) {
                    throw new EditException(kv.file(), kv.lineIndex() + 1, "cannot read the '" + key + "' line");
                }
                String separator = m.group(3).isEmpty() ? " " : m.group(3);
                String text = m.group(1) + m.group(2) + separator + value + m.group(5);
                if (!text.equals(line.text())) {
                    edits.add(new LineEdit.Replace(kv.file(), kv.lineIndex(), text));
                }
            }
            return edits;
        }
        if (section.emptyForm()) {
            throw new EditException(
                    section.file(),
                    section.lineNumber(),
                    "the section " + section.header()
                            + " is written in the empty form '<.../>' and cannot take keys; open and close it to add '"
                            + key + "'");
        }
        ConfigDocument doc = config.documents().get(section.file());
        KeyValue last = section.keys()
                .filter(kv -> kv.file().equals(section.file()))
                .reduce((a, b) -> b)
                .orElse(null);
        int after = last != null ? last.lineIndex() : section.lineIndex();
        String indent = last != null ? doc.line(last.lineIndex()).indentation() : innerIndent(doc, section);
        String ending = doc.line(after).ending().isEmpty()
                ? doc.dominantEnding()
                : doc.line(after).ending();
        edits.add(new LineEdit.InsertAfter(section.file(), after, new Line(indent + key + " " + value, ending)));
        return edits;
    }

    public static List<LineEdit> removeKey(Section section, String key) {
        return section.values(key).stream()
                .map(kv -> (LineEdit) new LineEdit.Delete(kv.file(), kv.lineIndex()))
                .toList();
    }

    /** Indentation for a first key: that of the section's first non-blank inner line, else two more than the header. */
    private static String innerIndent(ConfigDocument doc, Section section) {
        int end = section.endIndex() < 0 ? doc.lines().size() : section.endIndex();
        for (int i = section.lineIndex() + 1; i < end; i++) {
            Line line = doc.line(i);
            if (!line.stripped().isEmpty()) {
                return line.indentation();
            }
        }
        return doc.line(section.lineIndex()).indentation() + "  ";
    }

    /** Applies edits to the document they concern, bottom-up so earlier line numbers stay valid. */
    public static ConfigDocument apply(ConfigDocument doc, List<LineEdit> edits) {
        List<LineEdit> mine = new ArrayList<>(
                edits.stream().filter(e -> e.file().equals(doc.path())).toList());
        mine.sort(Comparator.comparingInt(LineEdit::index).reversed());
        ConfigDocument result = doc;
        for (LineEdit edit : mine) {
            if (edit instanceof LineEdit.Replace r) {
                result = result.withLine(r.index(), r.text());
            } else if (edit instanceof LineEdit.InsertAfter ins) {
                result = result.withLineInserted(ins.index() + 1, ins.line());
            } else {
                result = result.withoutLine(edit.index());
            }
        }
        return result;
    }

    /** An edit that cannot be made, with the file and 1-based line it concerns. */
    public static final class EditException extends Exception {
        private final String file;
        private final int line;

        public EditException(String file, int line, String reason) {
            super(file + ", line " + line + ": " + reason);
            this.file = file;
            this.line = line;
        }

        public String file() {
            return file;
        }

        public int line() {
            return line;
        }
    }
}
