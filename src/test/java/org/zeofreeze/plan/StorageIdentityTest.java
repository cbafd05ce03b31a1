package org.zeofreeze.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zeofreeze.cluster.StorageId;
import org.zeofreeze.discover.Discoverer;
import org.zeofreeze.discover.Discovery;
import org.zeofreeze.host.Host;
import org.zeofreeze.host.LocalHost;
import org.zeofreeze.testing.Fixtures;

/** A storage is (host, server part, name): typed from the edge to the write, never re-parsed on the way. */
class StorageIdentityTest {
    @TempDir
    Path dir;

    /** A host of its own: this computer's files, but a machine id of its own, as a second server has. */
    static Host machine(String name, String machineId) {
        LocalHost local = new LocalHost(name);
        return (Host) Proxy.newProxyInstance(
                Host.class.getClassLoader(), new Class<?>[] {Host.class}, (proxy, m, args) -> {
                    if (m.getName().equals("readRegularFile") && "/etc/machine-id".equals(args[0])) {
                        return (machineId + "\n").getBytes(StandardCharsets.US_ASCII);
                    }
                    try {
                        return m.invoke(local, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    /** Two machines, each with the usual zeoserver part serving the same storage names, its clients on 127.0.0.1. */
    Discovery twoHosts() throws Exception {
        Path a = Fixtures.copyTree("guide", dir.resolve("a"));
        Path b = Fixtures.copyTree("guide", dir.resolve("b"));
        return new Discoverer()
                .discover(List.of(
                        new Discoverer.Source(machine("web1", "1".repeat(32)), a.toString()),
                        new Discoverer.Source(machine("web2", "2".repeat(32)), b.toString())));
    }

    @Test
    void aLoopbackAddressReachesTheZeoServerOfItsOwnMachineOnly() throws Exception {
        Discovery d = twoHosts();
        assertThat(d.cluster().usesOf(new StorageId("web1", "zeoserver", "deepereconomics.org")))
                .extracting(u -> u.client().host())
                .containsOnly("web1");
        // Two hosts of a profile that are one machine (test beds, containers sharing a network): either's ZEO.
        Path a = Fixtures.copyTree("guide", dir.resolve("one-a"));
        Path b = Fixtures.copyTree("guide", dir.resolve("one-b"));
        Discovery one = new Discoverer()
                .discover(List.of(
                        new Discoverer.Source(machine("web1", "3".repeat(32)), a.toString()),
                        new Discoverer.Source(machine("web2", "3".repeat(32)), b.toString())));
        assertThat(one.cluster().usesOf(new StorageId("web1", "zeoserver", "deepereconomics.org")))
                .extracting(u -> u.client().host())
                .contains("web1", "web2");
    }

    @Test
    void theSamePartOnTwoHostsGivesTwoStoragesThatANameTellsApartOnlyWithItsHost() throws Exception {
        Discovery d = twoHosts();
        List<StorageId> ids = d.cluster().storages().stream()
                .map(s -> s.id())
                .filter(id -> id.name().equals("deepereconomics.org"))
                .toList();
        assertThat(ids).extracting(StorageId::host).containsExactly("web1", "web2");
        assertThat(ids.get(0)).isNotEqualTo(ids.get(1));
        assertThatThrownBy(() -> new Planner().plan(d, Selection.freeze("zeoserver/deepereconomics.org")))
                .isInstanceOf(PlanException.class)
                .hasMessageContaining("web1:zeoserver/deepereconomics.org, web2:zeoserver/deepereconomics.org");
        Plan plan = new Planner().plan(d, Selection.freeze("web2:zeoserver/deepereconomics.org"));
        assertThat(plan.selected()).containsExactly(new StorageId("web2", "zeoserver", "deepereconomics.org"));
        assertThat(plan.changes()).extracting(FileChange::host).containsOnly("web2");
    }

    @Test
    void aChoiceOfIdsIsPlannedAsItIsWithoutNamesInBetween() throws Exception {
        Discovery d = twoHosts();
        StorageId web1 = new StorageId("web1", "zeoserver", "deepereconomics.org");
        Plan plan = new Planner().plan(d, new Choice(Mode.FREEZE, Set.of(web1)));
        assertThat(plan.selected()).containsExactly(web1);
        assertThat(plan.changes()).extracting(FileChange::host).containsOnly("web1");
    }

    @Test
    void aServerPartWithCapitalsIsFoundByItsIdAndByTheNameAsTyped() throws Exception {
        Path b = Fixtures.copyTree("guide", dir.resolve("caps"));
        Files.move(b.resolve("parts/zeoserver"), b.resolve("parts/ZeoServer"));
        Discovery d = new Discoverer().discover(List.of(new Discoverer.Source(new LocalHost(), b.toString())));
        StorageId id = d.cluster().storages().stream()
                .map(s -> s.id())
                .filter(i -> i.name().equals("deepereconomics.org"))
                .findFirst()
                .orElseThrow();
        assertThat(id.server()).isEqualTo("ZeoServer");
        assertThat(new Planner().plan(d, new Choice(Mode.FREEZE, Set.of(id))).selected())
                .containsExactly(id);
        assertThat(new Planner()
                        .plan(d, Selection.freeze("ZeoServer/deepereconomics.org"))
                        .selected())
                .containsExactly(id);
        assertThat(new Planner()
                        .plan(d, Selection.freeze("DeeperEconomics.org"))
                        .selected())
                .containsExactly(id);
    }

    @Test
    void malformedNamesAreBadInputSayingTheSyntax() throws Exception {
        assertThatThrownBy(() -> StorageRef.parse(" "))
                .isInstanceOf(PlanException.class)
                .hasMessageContaining("HOST:SERVER/NAME");
        // ZConfig allows '/' and ':' in a section name: such text is a name, refused when no storage has it.
        Discovery d = new Discoverer()
                .discover(List.of(new Discoverer.Source(
                        new LocalHost(),
                        Fixtures.copyTree("guide", dir.resolve("m")).toString())));
        for (String bad : List.of("zeoserver/", "/x", ":zeoserver/x", "web1:x")) {
            assertThatThrownBy(() -> StorageRef.parse(bad).resolve(d.cluster()))
                    .as(bad)
                    .isInstanceOf(PlanException.class)
                    .hasMessageContaining("no storage named '" + bad + "'")
                    .hasMessageContaining("SERVER/NAME");
        }
    }

    @Test
    void idsTravelAsObjectsInJournalsAndOldServerSlashNameTextIsStillRead() throws Exception {
        ObjectMapper json = new ObjectMapper();
        StorageId id = new StorageId("web2", "zeoserver", "catalog");
        String text = json.writeValueAsString(id);
        assertThat(text).contains("\"host\":\"web2\"");
        assertThat(json.readValue(text, StorageId.class)).isEqualTo(id);
        assertThat(json.readValue("\"zeoserver/catalog\"", StorageId.class))
                .isEqualTo(new StorageId(null, "zeoserver", "catalog"));
    }

    @Test
    void aStorageWhoseNameHoldsASlashOrAColonIsChosenByThatName() throws Exception {
        Path b = Fixtures.copyTree("guide", dir.resolve("slash"));
        Path zeoConf = b.resolve("parts/zeoserver/etc/zeo.conf");
        Files.writeString(
                zeoConf,
                Files.readString(zeoConf) + "<filestorage sites/a>\n  path /srv/a.fs\n</filestorage>\n"
                        + "<filestorage b:c>\n  path /srv/c.fs\n</filestorage>\n");
        Discovery discovery = new Discoverer().discover(List.of(new Discoverer.Source(new LocalHost(), b.toString())));
        for (String name : List.of("sites/a", "b:c")) {
            Plan plan = new Planner().plan(discovery, Selection.freeze(name));
            assertThat(plan.selected()).extracting(StorageId::name).containsExactly(name);
        }
        assertThatThrownBy(() -> new Planner().plan(discovery, Selection.freeze("sites/b")))
                .hasMessageContaining("no storage named 'sites/b'")
                .hasMessageContaining("'sites/a'")
                .hasMessageContaining("SERVER/NAME");
    }
}
