package org.zeofreeze.zconfig;

/**
 * One physical line exactly as it was read: its text and the line ending that followed it
 * ({@code "\n"}, {@code "\r\n"}, {@code "\r"}, or {@code ""} for a last line without one).
 */
public record Line(String text, String ending) {

    public Line {
        if (text.indexOf('\n') >= 0 || text.indexOf('\r') >= 0) {
            throw new IllegalArgumentException("a line holds no line break: " + text);
        }
    }

    /** The text with its indentation and trailing blanks removed, as ZConfig classifies it. */
    public String stripped() {
        return text.strip();
    }

    /** The leading blanks of the line (spaces and tabs as written). */
    public String indentation() {
        int i = 0;
        while (i < text.length() && (text.charAt(i) == ' ' || text.charAt(i) == '\t')) {
            i++;
        }
        return text.substring(0, i);
    }

    public String raw() {
        return text + ending;
    }
}
