package org.zeofreeze.runbook.copy;

import java.util.ArrayList;
import java.util.List;
import org.zeofreeze.cluster.Storage;
import org.zeofreeze.cluster.StorageId;
import org.zeofreeze.cluster.ZeoServer;
import org.zeofreeze.runbook.setup.RunSetup;
import org.zeofreeze.runbook.step.StepFailure;

/**
 * A chosen storage with the host its files are on. Its paths reach rsync, chmod, sha256sum and
 * stat, so they are handed out only when absolute: a relative one is what ZEO would resolve
 * against whatever directory runzeo happens to start in, and {@code --log-file=/x} or
 * {@code host:file} would be read by those tools as an option or a remote host.
 */
public record StorageFiles(String host, Storage storage) {

    /** The hosts the chosen storages' files are on, each once. */
    public static List<String> hosts(RunSetup setup) {
        return chosen(setup).stream().map(StorageFiles::host).distinct().toList();
    }

    public static List<StorageFiles> chosen(RunSetup setup) {
        return setup.plan().selected().stream().map(id -> of(setup, id)).toList();
    }

    private static StorageFiles of(RunSetup setup, StorageId id) {
        ZeoServer server = setup.discovery().cluster().serverOf(id);
        Storage storage = setup.discovery().cluster().storage(id).orElseThrow();
        return new StorageFiles(server.host(), storage);
    }

    /** The {@code .fs} file, or null when the storage has none. */
    public String path() throws StepFailure {
        return absolute("path", storage.path());
    }

    /** The blob directory, or null when the storage has none. */
    public String blobDir() throws StepFailure {
        return absolute("blob-dir", storage.blobDir());
    }

    /** Every path of the chosen storages that is not absolute, one sentence each. */
    public static List<String> problems(RunSetup setup) {
        List<String> out = new ArrayList<>();
        for (StorageFiles sf : chosen(setup)) {
            for (String key : List.of("path", "blob-dir")) {
                String value =
                        key.equals("path") ? sf.storage().path() : sf.storage().blobDir();
                if (value != null && !isAbsolute(value)) {
                    out.add(sf.notAbsolute(key, value));
                }
            }
        }
        return out;
    }

    static boolean isAbsolute(String path) {
        return path.startsWith("/");
    }

    private String absolute(String key, String value) throws StepFailure {
        if (value != null && !isAbsolute(value)) {
            throw new StepFailure(host, notAbsolute(key, value));
        }
        return value;
    }

    private String notAbsolute(String key, String value) {
        return (storage.declaredAt() == null ? "" : storage.declaredAt() + ": ") + "the " + key + " of storage '"
                + storage.name() + "' on " + host + " is '" + value + "', not an absolute path; ZEO would resolve it "
                + "against the directory runzeo starts in, which ZeoFreeze cannot know. Write the absolute path in "
                + "the buildout that generates this file";
    }
}
