package org.zeofreeze.discover;

/**
 * The tools that write ZEO and Zope configuration files and write them again later, so that an
 * edit of such a file does not last. {@code everyStart}: the file is replaced whenever the service
 * starts (or its container is created), not only when someone runs the tool again.
 */
public enum Generator {
    BUILDOUT("zc.buildout", false),
    COOKIECUTTER_ZOPE_INSTANCE("cookiecutter-zope-instance", false),
    PLONEX("plonex", true),
    PLONE_ZEO_IMAGE("the plone-zeo image", true),
    PLONE_BACKEND_IMAGE("the plone-backend image", true);

    private final String label;
    private final boolean everyStart;

    Generator(String label, boolean everyStart) {
        this.label = label;
        this.everyStart = everyStart;
    }

    public String label() {
        return label;
    }

    public boolean everyStart() {
        return everyStart;
    }
}
