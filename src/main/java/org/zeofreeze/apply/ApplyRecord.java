package org.zeofreeze.apply;

import java.util.List;

/**
 * What one apply did on one host, kept as JSON in {@code var/zeofreeze/} of the buildout so that
 * {@code revert} can put every file back as it was.
 */
public record ApplyRecord(String stamp, String host, String buildout, String mode, List<String> storages,
                          List<AppliedFile> files) {
    public ApplyRecord {
        storages = List.copyOf(storages);
        files = List.copyOf(files);
    }

    public static String directory(String buildout) {
        return buildout + "/var/zeofreeze";
    }

    public String recordPath() {
        return directory(buildout) + "/apply-" + stamp + ".json";
    }

    public String revertedMarker() {
        return directory(buildout) + "/apply-" + stamp + ".reverted";
    }
}
