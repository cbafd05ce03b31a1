package org.zeofreeze.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The guide buildout with clients that authenticate to ZEO: client1 through a {@code %define}d
 * value, client2 with the password written out, both next to the lines a freeze changes.
 */
public final class PasswordBuildout {
    public static final String DEFINED = "s3cret-zeo-pw";
    public static final String LITERAL = "literal-zeo-pw";

    private PasswordBuildout() {}

    public static Path copyTo(Path target) throws IOException {
        Path buildout = Fixtures.copyTree("guide", target);
        Path client1 = buildout.resolve("parts/client1/etc/zope.conf");
        Files.writeString(
                client1,
                ("%define ZEO_PW " + DEFINED + "\n" + Files.readString(client1))
                        .replace(
                                "storage deepereconomics.org\n",
                                "storage deepereconomics.org\nusername zope\npassword $ZEO_PW\n"));
        Path client2 = buildout.resolve("parts/client2/etc/zope.conf");
        Files.writeString(
                client2,
                Files.readString(client2)
                        .replace(
                                "storage deepereconomics.org\n",
                                "storage deepereconomics.org\npassword " + LITERAL + "\n"));
        return buildout;
    }
}
