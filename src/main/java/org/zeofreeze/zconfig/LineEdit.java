package org.zeofreeze.zconfig;

/** One change to one physical line of one file; everything else in the file stays as read. */
public sealed interface LineEdit {
    String file();

    /** 0-based index of the line the edit concerns (for an insert: the line it goes after). */
    int index();

    record Replace(String file, int index, String text) implements LineEdit {}

    record InsertAfter(String file, int index, Line line) implements LineEdit {}

    record Delete(String file, int index) implements LineEdit {}
}
