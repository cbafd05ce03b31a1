package org.zeofreeze.zconfig;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The lossless text of one configuration file: every physical line as it was read, so that an
 * unedited document prints back byte for byte. Immutable; edits return a new document.
 */
public final class ConfigDocument {
    private final String path;
    private final List<Line> lines;
    private final Charset charset;

    private ConfigDocument(String path, List<Line> lines, Charset charset) {
        this.path = path;
        this.lines = Collections.unmodifiableList(lines);
        this.charset = charset;
    }

    /** Reads UTF-8; a file that is not valid UTF-8 is read as Latin-1, which keeps every byte. */
    public static ConfigDocument of(String path, byte[] bytes) {
        Charset charset = StandardCharsets.UTF_8;
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            charset = StandardCharsets.ISO_8859_1;
            text = new String(bytes, charset);
        }
        return new ConfigDocument(path, split(text), charset);
    }

    public static ConfigDocument of(String path, String text) {
        return new ConfigDocument(path, split(text), StandardCharsets.UTF_8);
    }

    private static List<Line> split(String text) {
        List<Line> out = new ArrayList<>();
        int start = 0;
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '\n') {
                out.add(new Line(text.substring(start, i), "\n"));
                start = ++i;
            } else if (c == '\r') {
                boolean crlf = i + 1 < text.length() && text.charAt(i + 1) == '\n';
                out.add(new Line(text.substring(start, i), crlf ? "\r\n" : "\r"));
                i += crlf ? 2 : 1;
                start = i;
            } else {
                i++;
            }
        }
        if (start < text.length()) {
            out.add(new Line(text.substring(start), ""));
        }
        return out;
    }

    public String path() {
        return path;
    }

    public List<Line> lines() {
        return lines;
    }

    public Line line(int index) {
        return lines.get(index);
    }

    public String text() {
        StringBuilder sb = new StringBuilder();
        for (Line line : lines) {
            sb.append(line.text()).append(line.ending());
        }
        return sb.toString();
    }

    public byte[] bytes() {
        return text().getBytes(charset);
    }

    public ConfigDocument withLine(int index, String text) {
        List<Line> copy = new ArrayList<>(lines);
        copy.set(index, new Line(text, lines.get(index).ending()));
        return new ConfigDocument(path, copy, charset);
    }

    public ConfigDocument withLineInserted(int index, Line line) {
        List<Line> copy = new ArrayList<>(lines);
        copy.add(index, line);
        return new ConfigDocument(path, copy, charset);
    }

    public ConfigDocument withoutLine(int index) {
        List<Line> copy = new ArrayList<>(lines);
        Line removed = copy.remove(index);
        // The last line keeps "no final newline" if that is how the file ended.
        if (index == copy.size() && index > 0 && removed.ending().isEmpty()) {
            Line previous = copy.get(index - 1);
            copy.set(index - 1, new Line(previous.text(), ""));
        }
        return new ConfigDocument(path, copy, charset);
    }

    /** The line ending most used in the file, for lines we add. */
    public String dominantEnding() {
        int crlf = 0;
        int lf = 0;
        int cr = 0;
        for (Line line : lines) {
            switch (line.ending()) {
                case "\r\n" -> crlf++;
                case "\n" -> lf++;
                case "\r" -> cr++;
                default -> { }
            }
        }
        if (crlf > lf && crlf >= cr) {
            return "\r\n";
        }
        return cr > lf ? "\r" : "\n";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ConfigDocument d && d.path.equals(path) && d.lines.equals(lines) && d.charset.equals(charset);
    }

    @Override
    public int hashCode() {
        return path.hashCode() * 31 + lines.hashCode();
    }

    @Override
    public String toString() {
        return "ConfigDocument[" + path + ", " + lines.size() + " lines]";
    }
}
