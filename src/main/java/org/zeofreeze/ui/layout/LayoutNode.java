package org.zeofreeze.ui.layout;

import java.util.List;

/**
 * One line of the layout tree: what it is, its title, a detail line, badges (root, read-only...)
 * and the lines below it.
 */
public record LayoutNode(Kind kind, String title, String detail, List<Badge> badges, List<LayoutNode> children) {
    public enum Kind {
        GROUP,
        SERVER,
        STORAGE,
        CLIENT,
        DATABASE,
        FINDING
    }

    /** A small tag after the title; {@code style} is its look (root, frozen, writable, warning, danger, muted). */
    public record Badge(String text, String style) {}

    public LayoutNode {
        badges = List.copyOf(badges);
        children = List.copyOf(children);
    }

    public boolean hasBadge(String text) {
        return badges.stream().anyMatch(b -> b.text().equals(text));
    }
}
