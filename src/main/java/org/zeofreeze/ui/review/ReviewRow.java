package org.zeofreeze.ui.review;

import java.util.List;
import java.util.stream.Stream;

/**
 * A line of the Review page's file list: a file on its own, the first file of a change other
 * files share ({@code sameChange}, listed below it when opened), or one of those other files.
 */
public record ReviewRow(FileEntry file, List<FileEntry> sameChange, boolean member) {
    public ReviewRow {
        sameChange = List.copyOf(sameChange);
    }

    static ReviewRow first(List<FileEntry> group) {
        return new ReviewRow(group.get(0), group.subList(1, group.size()), false);
    }

    static ReviewRow member(FileEntry file) {
        return new ReviewRow(file, List.of(), true);
    }

    public boolean shared() {
        return !sameChange.isEmpty();
    }

    /** "the same change in 20 files on 10 hosts", for a shared change; empty otherwise. */
    public String appliesTo() {
        if (!shared()) {
            return "";
        }
        long hosts = Stream.concat(Stream.of(file), sameChange.stream())
                .map(f -> f.change().host())
                .distinct()
                .count();
        return "the same change in " + (sameChange.size() + 1) + " files"
                + (hosts > 1 ? " on " + hosts + " hosts" : "");
    }
}
