package org.zeofreeze.ui.layout;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zeofreeze.cluster.Cluster;
import org.zeofreeze.cluster.StorageId;
import org.zeofreeze.testing.Engines;
import org.zeofreeze.testing.Fixtures;

class LayoutViewModelTest {
    @TempDir
    Path dir;

    private static List<LayoutNode> all(LayoutNode node, LayoutNode.Kind kind) {
        List<LayoutNode> out = new ArrayList<>();
        if (node.kind() == kind) {
            out.add(node);
        }
        node.children().forEach(c -> out.addAll(all(c, kind)));
        return out;
    }

    private static LayoutNode named(List<LayoutNode> nodes, String title) {
        return nodes.stream().filter(n -> n.title().equals(title)).findFirst().orElseThrow();
    }

    @Test
    void storagesCarryTheirRootAndReadOnlyBadgesAndTheClientsThatOpenThem() throws Exception {
        Cluster cluster = Engines.discover(Fixtures.copyTree("odd", dir)).cluster();
        LayoutNode tree =
                LayoutViewModel.build(cluster, Map.of(new StorageId("local", "zeoserver", "plone"), 3L << 30));
        List<LayoutNode> storages = all(tree, LayoutNode.Kind.STORAGE);
        assertThat(storages)
                .extracting(LayoutNode::title)
                .containsExactly("1", "catalog", "plone", "archive", "images");
        assertThat(named(storages, "1").hasBadge(LayoutViewModel.ROOT)).isTrue();
        assertThat(storages).filteredOn(s -> s.hasBadge(LayoutViewModel.ROOT)).hasSize(1);
        assertThat(named(storages, "archive").hasBadge(LayoutViewModel.READ_ONLY))
                .isTrue();
        assertThat(named(storages, "plone").hasBadge(LayoutViewModel.WRITABLE)).isTrue();
        assertThat(named(storages, "plone").detail())
                .contains("/srv/plone/var/filestorage/plone.fs", "3.0 GiB", "blobs /srv/plone/var/blobstorage-plone");
        assertThat(named(storages, "catalog").children())
                .extracting(LayoutNode::detail)
                .containsOnly("mounted at /Plone/portal_catalog:/catalog");
        assertThat(named(storages, "catalog").children()).hasSize(2);
        // Wrapped storages say what wraps them (the wrapper passes read-only through to the <filestorage>).
        assertThat(named(storages, "catalog").detail()).startsWith("in <blobstorage> · ");
        assertThat(named(storages, "plone").detail()).startsWith("in <zrs> · ");
        assertThat(named(storages, "1").detail()).doesNotContain("in <");
    }

    @Test
    void clientDatabasesPointToTheirStorageAndLocalOnesAreLeftAlone() throws Exception {
        Cluster cluster = Engines.discover(Fixtures.copyTree("odd", dir)).cluster();
        LayoutNode tree = LayoutViewModel.build(cluster, Map.of());
        LayoutNode client1 = named(all(tree, LayoutNode.Kind.CLIENT), "client1");
        assertThat(named(client1.children(), "images").detail()).contains("→ storage images on zeoserver2");
        assertThat(named(client1.children(), "main").hasBadge(LayoutViewModel.ROOT))
                .isTrue();
        assertThat(named(client1.children(), "local").detail()).contains("left alone");
    }

    @Test
    void findingsShowTheFileAndLineTheyComeFrom() throws Exception {
        Path buildout = Fixtures.copyTree("guide", dir);
        Path zeo = buildout.resolve("parts/zeoserver/etc/zeo.conf");
        Files.writeString(zeo, Files.readString(zeo).replace("  read-only false\n", "  read-only true\n"));
        Cluster cluster = Engines.discover(buildout).cluster();
        List<LayoutNode> findings = all(LayoutViewModel.build(cluster, Map.of()), LayoutNode.Kind.FINDING);
        assertThat(findings).anySatisfy(f -> {
            assertThat(f.title()).contains("read-only");
            assertThat(f.detail()).isEqualTo(zeo + ":4");
            assertThat(f.hasBadge("danger")).isTrue();
        });
    }
}
