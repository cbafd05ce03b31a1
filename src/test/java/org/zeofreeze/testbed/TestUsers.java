package org.zeofreeze.testbed;

import java.io.IOException;
import java.util.List;

/** Local users for tests that act as another user (sudo -n -u); made with useradd, which needs root. */
public final class TestUsers {
    private TestUsers() {}

    /** Makes the user (with a home directory and /bin/sh) unless it exists; its uid. */
    public static synchronized int ensure(String name) throws IOException {
        try {
            return Integer.parseInt(TestKeys.run(List.of("id", "-u", name)).trim());
        } catch (IOException missing) {
            if (!"root".equals(System.getProperty("user.name"))) {
                throw new IOException(
                        "test user " + name + " is missing and only root can add it (CI runs as root)", missing);
            }
            TestKeys.run(List.of("useradd", "--create-home", "--shell", "/bin/sh", name));
            return Integer.parseInt(TestKeys.run(List.of("id", "-u", name)).trim());
        }
    }

    /** The user's primary group id. */
    public static int gid(String name) throws IOException {
        return Integer.parseInt(TestKeys.run(List.of("id", "-g", name)).trim());
    }
}
