package org.zeofreeze.testbed;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import org.zeofreeze.plan.Hashes;

/**
 * A storage a move put into service at a new server, as seen from outside: a commit through a
 * client lands in the new server's {@code .fs} (it grows), and the old server's {@code .fs} keeps
 * the bytes it had when frozen.
 */
public record MovedStorage(TestCluster oldServer, TestCluster newServer, String storage) {

    /** The sha256 of the old server's file now. */
    public String oldSha256() throws IOException {
        return Hashes.sha256(Files.readAllBytes(oldServer.fs(storage)));
    }

    /** A commit through {@code client} lands at the new server; the old file keeps its bytes from now on. */
    public void commitLandsAtTheNewServer(String client) throws IOException, InterruptedException {
        commitLandsAtTheNewServer(client, oldSha256());
    }

    /** A commit through {@code client} lands at the new server; the old file still has {@code frozenSha256}. */
    public void commitLandsAtTheNewServer(String client, String frozenSha256) throws IOException, InterruptedException {
        long before = Files.size(newServer.fs(storage));
        assertThat(oldServer.probe(oldServer.zopeConf(client), storage, 15))
                .as("a commit to " + storage + " through " + client)
                .isEqualTo("committed");
        assertThat(Files.size(newServer.fs(storage)))
                .as("the commit landed in the new server's " + storage + ".fs")
                .isGreaterThan(before);
        assertThat(oldSha256()).as("the old " + storage + ".fs as frozen").isEqualTo(frozenSha256);
    }
}
