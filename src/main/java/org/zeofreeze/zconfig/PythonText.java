package org.zeofreeze.zconfig;

/**
 * Text rules of Python 3, which ZConfig uses: {@code str.isspace()}, {@code strip()} and the
 * {@code \s} of its regular expressions all mean the same set of characters, which is neither
 * Java's {@link Character#isWhitespace} (no U+00A0, U+0085, U+2007, U+202F) nor its
 * {@code \s} (ASCII only, or without U+001C..U+001F in Unicode mode).
 */
public final class PythonText {
    /** The characters for which Python's {@code str.isspace()} is true, as a regex class body. */
    static final String SPACE_CLASS = "\\t\\n\\x0B\\f\\r\\x1C-\\x1F \\x{85}\\x{A0}\\x{1680}\\x{2000}-\\x{200A}"
            + "\\x{2028}\\x{2029}\\x{202F}\\x{205F}\\x{3000}";
    /** One Python space, for use in patterns. */
    static final String SPACE = "[" + SPACE_CLASS + "]";
    /** One character that is not a Python space. */
    static final String NON_SPACE = "[^" + SPACE_CLASS + "]";

    private PythonText() {}

    public static boolean isSpace(char c) {
        return switch (c) {
            case '\t',
                    '\n',
                    '\u000b',
                    '\u000c',
                    '\r',
                    '\u001c',
                    '\u001d',
                    '\u001e',
                    '\u001f',
                    ' ',
                    '\u0085',
                    '\u00a0',
                    '\u1680',
                    '\u2028',
                    '\u2029',
                    '\u202f',
                    '\u205f',
                    '\u3000' -> true;
            default -> c >= '\u2000' && c <= '\u200a';
        };
    }

    /** Python's {@code s.strip()}. */
    public static String strip(String s) {
        int start = 0;
        int end = s.length();
        while (start < end && isSpace(s.charAt(start))) {
            start++;
        }
        while (end > start && isSpace(s.charAt(end - 1))) {
            end--;
        }
        return s.substring(start, end);
    }

    /** Python's {@code s.rstrip()}. */
    public static String stripTrailing(String s) {
        int end = s.length();
        while (end > 0 && isSpace(s.charAt(end - 1))) {
            end--;
        }
        return s.substring(0, end);
    }

    /** The leading spaces of {@code s}. */
    public static String leadingSpace(String s) {
        int i = 0;
        while (i < s.length() && isSpace(s.charAt(i))) {
            i++;
        }
        return s.substring(0, i);
    }

    /** Python's {@code s.split(None, 1)} for a string that starts with a non-space: the first word and the rest. */
    static String[] splitOnce(String s) {
        int i = 0;
        while (i < s.length() && !isSpace(s.charAt(i))) {
            i++;
        }
        int j = i;
        while (j < s.length() && isSpace(s.charAt(j))) {
            j++;
        }
        return j >= s.length() ? new String[] {s.substring(0, i)} : new String[] {s.substring(0, i), s.substring(j)};
    }
}
