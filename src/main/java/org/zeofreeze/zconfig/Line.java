package org.zeofreeze.zconfig;

/**
 * One physical line exactly as it was read: its text and the line ending that followed it
 * ({@code "\n"}, {@code "\r\n"}, or {@code ""} for a last line without one). Only LF ends a
 * line, as for ZConfig: a lone CR is part of the text.
 */
public record Line(String text, String ending) {

    public Line {
        if (text.indexOf('\n') >= 0) {
            throw new IllegalArgumentException("a line holds no line feed: " + text);
        }
        if (!ending.isEmpty() && !ending.equals("\n") && !ending.equals("\r\n")) {
            throw new IllegalArgumentException("a line ends with LF, CR LF or nothing: " + ending);
        }
        if (ending.equals("\n") && text.endsWith("\r")) {
            throw new IllegalArgumentException("a CR before the LF belongs to the ending: " + text);
        }
    }

    /** The text with leading and trailing whitespace removed (Python's), as ZConfig classifies it. */
    public String stripped() {
        return PythonText.strip(text);
    }

    /** The leading whitespace of the line as written. */
    public String indentation() {
        return PythonText.leadingSpace(text);
    }

    public String raw() {
        return text + ending;
    }
}
