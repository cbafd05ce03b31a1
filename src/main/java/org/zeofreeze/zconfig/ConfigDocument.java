package org.zeofreeze.zconfig;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
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
    /** The largest configuration file read: real ones are a few KiB, so anything near this is a mistake or an attack. */
    public static final long MAX_BYTES = 16L * 1024 * 1024;

    private final String path;
    private final List<Line> lines;

    private ConfigDocument(String path, List<Line> lines) {
        this.path = path;
        this.lines = Collections.unmodifiableList(lines);
    }

    /**
     * Reads a file's bytes as ZConfig does: strict UTF-8 (a byte order mark stays a character),
     * refusing anything else with the line of the first bad byte, as Python's decoder refuses it.
     */
    public static ConfigDocument read(String path, byte[] bytes) throws ConfigSyntaxError {
        CharsetDecoder decoder = StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length);
        CoderResult result = decoder.decode(in, out, true);
        if (!result.isError()) {
            result = decoder.flush(out);
        }
        if (result.isError()) {
            int bad = in.position();
            int line = 1;
            for (int i = 0; i < bad; i++) {
                if (bytes[i] == '\n') {
                    line++;
                }
            }
            throw new ConfigSyntaxError(
                    path,
                    line,
                    String.format(
                            "byte 0x%02X is not UTF-8; ZConfig reads UTF-8 only: "
                                    + "convert the file (e.g. iconv -f latin1 -t utf-8)",
                            bytes[bad] & 0xff));
        }
        out.flip();
        return new ConfigDocument(path, split(out.toString()));
    }

    public static ConfigDocument of(String path, String text) {
        return new ConfigDocument(path, split(text));
    }

    /** Lines end at LF only, as Python's StringIO splits them; CR before LF belongs to the ending. */
    private static List<Line> split(String text) {
        List<Line> out = new ArrayList<>();
        int start = 0;
        int lf;
        while ((lf = text.indexOf('\n', start)) >= 0) {
            boolean crlf = lf > start && text.charAt(lf - 1) == '\r';
            out.add(new Line(text.substring(start, crlf ? lf - 1 : lf), crlf ? "\r\n" : "\n"));
            start = lf + 1;
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
        return text().getBytes(StandardCharsets.UTF_8);
    }

    public ConfigDocument withLine(int index, String text) {
        List<Line> copy = new ArrayList<>(lines);
        copy.set(index, new Line(text, lines.get(index).ending()));
        return new ConfigDocument(path, copy);
    }

    public ConfigDocument withLineInserted(int index, Line line) {
        List<Line> copy = new ArrayList<>(lines);
        copy.add(index, line);
        return new ConfigDocument(path, copy);
    }

    public ConfigDocument withoutLine(int index) {
        List<Line> copy = new ArrayList<>(lines);
        Line removed = copy.remove(index);
        // The last line keeps "no final newline" if that is how the file ended.
        if (index == copy.size() && index > 0 && removed.ending().isEmpty()) {
            Line previous = copy.get(index - 1);
            copy.set(index - 1, new Line(previous.text(), ""));
        }
        return new ConfigDocument(path, copy);
    }

    /** The line ending most used in the file, for lines we add. */
    public String dominantEnding() {
        long crlf = lines.stream().filter(l -> l.ending().equals("\r\n")).count();
        long lf = lines.stream().filter(l -> l.ending().equals("\n")).count();
        return crlf > lf ? "\r\n" : "\n";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ConfigDocument d && d.path.equals(path) && d.lines.equals(lines);
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
