package org.zeofreeze.host;

/**
 * Receives a running command's output as it comes, line by line; rsync's progress lines end in
 * a carriage return, so a "line" ends at either {@code \n} or {@code \r}.
 */
@FunctionalInterface
public interface OutputListener {
    OutputListener NONE = (line, stderr) -> {};

    void line(String line, boolean stderr);
}
