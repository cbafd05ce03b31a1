package org.zeofreeze.format;

/** How a message of the engine becomes a sentence a person reads: its first letter capitalised. */
public final class Sentences {
    private Sentences() {}

    /** {@code text} with its first letter upper-case; an empty text stays empty. */
    public static String capitalized(String text) {
        return text.isEmpty() ? text : Character.toUpperCase(text.charAt(0)) + text.substring(1);
    }
}
