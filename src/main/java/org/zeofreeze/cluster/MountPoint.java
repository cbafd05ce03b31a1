package org.zeofreeze.cluster;

/**
 * A Zope {@code mount-point}: where the database appears in the application ({@code virtual}) and,
 * in the {@code virtual:real} form, which path inside the database is shown there.
 */
public record MountPoint(String virtual, String real) {

    public static MountPoint parse(String text) {
        int colon = text.indexOf(':');
        return colon < 0
                ? new MountPoint(text, null)
                : new MountPoint(text.substring(0, colon), text.substring(colon + 1));
    }

    public boolean isRoot() {
        return virtual.equals("/") || virtual.isEmpty();
    }

    @Override
    public String toString() {
        return real == null ? virtual : virtual + ":" + real;
    }
}
