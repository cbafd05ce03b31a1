package org.zeofreeze.runbook;

import java.util.List;
import org.zeofreeze.cluster.Storage;
import org.zeofreeze.cluster.StorageId;
import org.zeofreeze.cluster.ZeoServer;

/** A chosen storage with the host its files are on. */
record StorageFiles(String host, Storage storage) {

    static List<StorageFiles> chosen(RunSetup setup) {
        return setup.plan().selected().stream().map(id -> of(setup, id)).toList();
    }

    private static StorageFiles of(RunSetup setup, StorageId id) {
        ZeoServer server = setup.discovery().cluster().servers().stream()
                .filter(s -> s.name().equals(id.server())).findFirst().orElseThrow();
        Storage storage = setup.discovery().cluster().storage(id).orElseThrow();
        return new StorageFiles(server.host(), storage);
    }
}
