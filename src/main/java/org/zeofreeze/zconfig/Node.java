package org.zeofreeze.zconfig;

/** What a section holds: key lines and nested sections, in file order. */
public sealed interface Node permits KeyValue, Section {
    /** The file the node was read from (an {@code %include}d file for included content). */
    String file();

    /** 0-based index of the node's first line in that file. */
    int lineIndex();
}
