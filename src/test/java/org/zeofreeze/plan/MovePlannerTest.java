package org.zeofreeze.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zeofreeze.apply.ConfigApplier;
import org.zeofreeze.cluster.Buildout;
import org.zeofreeze.cluster.Cluster;
import org.zeofreeze.discover.Discovery;
import org.zeofreeze.discover.RuntimeReaderTest;
import org.zeofreeze.host.LocalHost;
import org.zeofreeze.profile.ClusterProfile;
import org.zeofreeze.profile.HostEntry;
import org.zeofreeze.profile.MigrationTarget;
import org.zeofreeze.runbook.RunPreparation;
import org.zeofreeze.runbook.setup.RunSetup;
import org.zeofreeze.testing.Fixtures;

/**
 * The move's plan on the guide's cluster (a ZEO server, two clients, the site in its own storage)
 * to a new server's buildout: what the target's zeo.conf gets, what each client's file becomes in
 * each phase, and what stops the plan.
 */
class MovePlannerTest {
    @TempDir
    Path dir;

    static final String SITE = "deepereconomics.org";

    Path buildout() throws Exception {
        Path b = Fixtures.copyTree("guide", dir.resolve("zeocluster"));
        try (Stream<Path> files = Files.walk(b)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                Files.writeString(f, Files.readString(f).replace("/usr/local/Plone/zeocluster", b.toString()));
            }
        }
        return b;
    }

    /** A new server's buildout: one zeoserver part serving its own root. */
    Path target(String extra) throws Exception {
        Path t = dir.resolve("new");
        Files.createDirectories(t.resolve("parts/zeoserver/etc"));
        Files.writeString(t.resolve("parts/zeoserver/etc/zeo.conf"), """
                <zeo>
                  address 127.0.0.1:8200
                </zeo>
                <filestorage 1>
                  path %s/var/filestorage/Data.fs
                </filestorage>
                """.formatted(t) + extra);
        return t;
    }

    RunSetup move(Path buildout, MigrationTarget target) throws Exception {
        return move(buildout, target, List.of());
    }

    RunSetup move(Path buildout, MigrationTarget target, List<String> names) throws Exception {
        ClusterProfile profile =
                new ClusterProfile("guide", List.of(HostEntry.local(buildout.toString())), null, target, null, false);
        return RunPreparation.prepareMove(profile, Selection.parse(Mode.FREEZE, names), LocalHost::new);
    }

    RunSetup moveAndRetire(Path buildout, MigrationTarget target) throws Exception {
        ClusterProfile profile =
                new ClusterProfile("guide", List.of(HostEntry.local(buildout.toString())), null, target, null, false);
        return RunPreparation.prepareMove(profile, Selection.parse(Mode.FREEZE, List.of()), LocalHost::new, true);
    }

    RunSetup retire(Path buildout, String... names) throws Exception {
        ClusterProfile profile =
                new ClusterProfile("guide", List.of(HostEntry.local(buildout.toString())), null, null, null, false);
        return RunPreparation.prepareRetire(profile, Selection.parse(Mode.FREEZE, List.of(names)), LocalHost::new);
    }

    /** The text with the section that begins with {@code header} cut out, its lines only; every other byte kept. */
    static String without(String text, String header, String end) {
        int from = text.indexOf(header);
        assertThat(from).as(header + " in the file").isNotNegative();
        int to = text.indexOf(end + "\n", from) + end.length() + 1;
        return text.substring(0, from) + text.substring(to);
    }

    static MigrationTarget local(Path target) {
        return new MigrationTarget("new", "", null, null, target.toString(), List.of());
    }

    static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    static FileChange change(List<FileChange> changes, String pathEnd) {
        return changes.stream()
                .filter(c -> c.path().endsWith(pathEnd))
                .findFirst()
                .orElseThrow();
    }

    @Test
    void theTargetServesTheSourcesSectionOnTheCopiedFilesReadOnlyFirstThenWritable() throws Exception {
        Path b = buildout();
        Path t = target("");
        MovePlan move = move(b, local(t)).move().plan();

        assertThat(move.storages()).extracting(MovePlan.MovedStorage::name).containsExactly(SITE);
        assertThat(move.address().toString()).isEqualTo("127.0.0.1:8200");
        String zeoConf = t.resolve("parts/zeoserver/etc/zeo.conf").toString();
        FileChange serve = change(move.serve(), zeoConf);
        assertThat(text(serve.before())).isEqualTo(Files.readString(Path.of(zeoConf)));
        assertThat(text(serve.after())).endsWith("""
                <filestorage %s>
                  read-only true
                  path %s/var/filestorage/%s.fs
                  blob-dir %s/var/blobstorage-%s
                </filestorage>
                """.formatted(SITE, t, SITE, t, SITE));
        FileChange writable = change(move.writable(), zeoConf);
        assertThat(writable.before()).isEqualTo(serve.after());
        assertThat(text(writable.after())).isEqualTo(text(serve.after()).replace("  read-only true\n", ""));
        assertThat(text(writable.after())).doesNotContain(b.toString());
    }

    @Test
    void eachClientIsPointedAtTheTargetStillReadOnlyThenEndsAsBeforeTheFreezeWithOnlyItsServerChanged()
            throws Exception {
        Path b = buildout();
        RunSetup setup = move(b, local(target("")));
        MovePlan move = setup.move().plan();

        for (String client : List.of("client1", "client2")) {
            Path conf = b.resolve("parts/" + client + "/etc/zope.conf");
            String original = Files.readString(conf);
            FileChange frozen = change(setup.plan().changes(), client + "/etc/zope.conf");
            FileChange serve = change(move.serve(), client + "/etc/zope.conf");
            FileChange writable = change(move.writable(), client + "/etc/zope.conf");
            assertThat(serve.before())
                    .as("the first roll starts from the frozen file")
                    .isEqualTo(frozen.after());
            assertThat(text(serve.after()))
                    .as(client)
                    .contains("server 127.0.0.1:8200\nstorage " + SITE)
                    .contains("read-only true");
            assertThat(writable.before()).isEqualTo(serve.after());
            // the site's database only: the root stays at the old server
            assertThat(text(writable.after()))
                    .isEqualTo(original.replace(
                            "server 127.0.0.1:8100\nstorage " + SITE, "server 127.0.0.1:8200\nstorage " + SITE));
            assertThat(text(writable.after())).contains("server 127.0.0.1:8100\n      storage 1");
        }
    }

    @Test
    void aStorageFrozenByAnEarlierRunEndsWritableAtTheTargetAsAThawLeavesIt() throws Exception {
        Path b = buildout();
        Path t = target("");
        // An earlier freeze, written as an apply writes it (with its record and backups).
        RunSetup first = move(b, local(t));
        new ConfigApplier(LocalHost::new, Clock.systemUTC())
                .apply(first.plan(), first.discovery().cluster().buildouts());
        String frozen = Files.readString(b.resolve("parts/client1/etc/zope.conf"));
        assertThat(frozen).contains("read-only true");

        RunSetup setup = move(b, local(t), List.of(SITE));
        assertThat(setup.plan().changes()).as("nothing left to freeze").isEmpty();
        FileChange writable = change(setup.move().plan().writable(), "client1/etc/zope.conf");
        assertThat(text(writable.after()))
                .as("writable at the target, the freeze's inserted line taken out")
                .isEqualTo(frozen.replace(
                                "server 127.0.0.1:8100\nstorage " + SITE, "server 127.0.0.1:8200\nstorage " + SITE)
                        .replace(
                                "storage " + SITE + "\nname " + SITE + "\nvar " + b + "/var/client1\nread-only true\n",
                                "storage " + SITE + "\nname " + SITE + "\nvar " + b + "/var/client1\n"));
        assertThat(text(writable.after())).doesNotContain("read-only true");
    }

    @Test
    void aSectionOfThatNameOnTheTargetThatPointsElsewhereStopsThePlan() throws Exception {
        Path b = buildout();
        Path t = target("""
                <filestorage %s>
                  path /srv/other/site.fs
                </filestorage>
                """.formatted(SITE));

        assertThatThrownBy(() -> move(b, local(t)))
                .isInstanceOf(PlanException.class)
                .hasMessageContaining("already has a storage '" + SITE + "' at /srv/other/site.fs")
                .hasMessageContaining("not at the copy's " + t + "/var/filestorage/" + SITE + ".fs");
    }

    @Test
    void aTargetThatHasTheSameSectionAlreadyIsOnlyMadeReadOnlyWhileTheClientsSwitch() throws Exception {
        Path b = buildout();
        String same = """
                <filestorage %s>
                  path %s/var/filestorage/%s.fs
                  blob-dir %s/var/blobstorage-%s
                </filestorage>
                """;
        Path t = dir.resolve("new");
        target(same.formatted(SITE, t, SITE, t, SITE));
        MovePlan move = move(b, local(t)).move().plan();

        assertThat(move.storages())
                .singleElement()
                .satisfies(m -> assertThat(m.present()).isTrue());
        FileChange serve = change(move.serve(), "zeoserver/etc/zeo.conf");
        assertThat(serve.diff()).contains("+  read-only true").doesNotContain("+<filestorage");
        assertThat(change(move.writable(), "zeoserver/etc/zeo.conf").after()).isEqualTo(serve.before());
    }

    @Test
    void aLoopbackAddressIsRefusedWhenAClientIsOnAnotherMachineAndAWildcardAlways() throws Exception {
        Path b = buildout();
        Path t = target("");
        MigrationTarget wildcard =
                new MigrationTarget("new", "", null, null, t.toString(), List.of(), null, null, "0.0.0.0:8200");
        assertThatThrownBy(() -> move(b, wildcard))
                .isInstanceOf(PlanException.class)
                .hasMessageContaining("means all interfaces");

        // The client's host is another machine than the target's: their machine ids differ.
        RunSetup setup = move(b, local(t));
        Discovery source = onMachine(setup.discovery(), "machine-a");
        Discovery there = onMachine(setup.move().target(), "machine-b");
        MovePlanner planner = new MovePlanner(source, Map.of("local", "web1.example.org"));
        assertThatThrownBy(() -> planner.plan(setup.plan(), new MovePlanner.Target("new", "", Optional.empty(), there)))
                .isInstanceOf(PlanException.class)
                .hasMessageContaining("a loopback address")
                .hasMessageContaining("target.zeoAddress");
        // on the target's own machine the same address is right
        assertThat(new MovePlanner(onMachine(setup.discovery(), "machine-b"), Map.of("local", "web1.example.org"))
                        .plan(setup.plan(), new MovePlanner.Target("new", "", Optional.empty(), there))
                        .address())
                .hasToString("127.0.0.1:8200");
    }

    static Discovery onMachine(Discovery d, String machine) {
        Cluster c = d.cluster();
        return new Discovery(
                new Cluster(
                        c.buildouts().stream()
                                .map(x -> new Buildout(x.host(), x.dir(), machine))
                                .toList(),
                        c.servers(),
                        c.clients(),
                        c.uses(),
                        c.root(),
                        c.findings()),
                d.configs());
    }

    @Test
    void aWrappedStorageKeepsItsWrapperAndItsImportAtTheTarget() throws Exception {
        Path b = buildout();
        Path zeoConf = b.resolve("parts/zeoserver/etc/zeo.conf");
        String conf = Files.readString(zeoConf);
        String section = conf.substring(
                conf.indexOf("<filestorage " + SITE + ">"),
                conf.indexOf("</filestorage>", conf.indexOf("<filestorage " + SITE + ">")) + "</filestorage>".length());
        Files.writeString(
                zeoConf,
                conf.replace(
                        section,
                        "%import zc.zlibstorage\n<zlibstorage " + SITE + ">\n" + section + "\n</zlibstorage>"));
        Path t = target("");

        String after = text(change(move(b, local(t)).move().plan().writable(), "zeoserver/etc/zeo.conf")
                .after());
        assertThat(after)
                .contains("%import zc.zlibstorage\n<zlibstorage " + SITE + ">\n<filestorage " + SITE + ">")
                .contains("path " + t + "/var/filestorage/" + SITE + ".fs");
    }

    @Test
    void aTargetBuildoutWithoutAZeoServerPartIsRefusedWithWhatToBuild() throws Exception {
        Path b = buildout();
        Path t = dir.resolve("empty");
        Files.createDirectories(t.resolve("parts"));

        assertThatThrownBy(() -> move(b, local(t)))
                .isInstanceOf(Exception.class)
                .hasMessageContaining(t.toString());
    }

    @Test
    void aMoveAskedToRetireTakesExactlyTheMovedSectionOutOfTheOldZeoConfAsTheFreezeLeavesIt() throws Exception {
        Path b = buildout();
        RunSetup setup = moveAndRetire(b, local(target("")));
        MovePlan move = setup.move().plan();
        String zeoConf = b.resolve("parts/zeoserver/etc/zeo.conf").toString();

        assertThat(move.retires()).isTrue();
        assertThat(move.retire())
                .as("the old zeo.conf only")
                .extracting(FileChange::path)
                .containsExactly(zeoConf);
        FileChange retire = move.retire().get(0);
        FileChange frozen = change(setup.plan().changes(), "zeoserver/etc/zeo.conf");
        assertThat(retire.before()).as("from the file as the freeze leaves it").isEqualTo(frozen.after());
        String before = text(retire.before());
        assertThat(before).contains(SITE + "\n  read-only true\n</filestorage>");
        // the section's lines, and nothing else
        assertThat(text(retire.after())).isEqualTo(without(before, "<filestorage " + SITE + ">", "</filestorage>"));
        assertThat(text(retire.after()))
                .contains("<filestorage 1>", "%define DATA_DIR", "<eventlog>", "<runner>")
                .doesNotContain(SITE);
        assertThat(retire.summary()).singleElement().asString().contains("<filestorage " + SITE + ">", "lines ");
        // the freeze, serve and writable phases are as without --retire
        MovePlan plain = move(b, local(dir.resolve("new"))).move().plan();
        assertThat(plain.retire()).isEmpty();
        assertThat(move.writable())
                .extracting(FileChange::afterSha256)
                .isEqualTo(
                        plain.writable().stream().map(FileChange::afterSha256).toList());
        assertThat(move.notes()).anyMatch(n -> n.contains("stay on the old server; nothing is deleted"));
    }

    @Test
    void aWrappedStorageIsRetiredWithItsWrapperAndTheImportIsKept() throws Exception {
        Path b = buildout();
        Path zeoConf = b.resolve("parts/zeoserver/etc/zeo.conf");
        String conf = Files.readString(zeoConf);
        String section = conf.substring(
                conf.indexOf("<filestorage " + SITE + ">"),
                conf.indexOf("</filestorage>", conf.indexOf("<filestorage " + SITE + ">")) + "</filestorage>".length());
        Files.writeString(
                zeoConf,
                conf.replace(
                        section,
                        "%import zc.zlibstorage\n<zlibstorage " + SITE + ">\n" + section + "\n</zlibstorage>"));

        MovePlan move = moveAndRetire(b, local(target(""))).move().plan();

        String before = text(move.retire().get(0).before());
        String after = text(move.retire().get(0).after());
        assertThat(after).isEqualTo(without(before, "<zlibstorage " + SITE + ">", "</zlibstorage>"));
        assertThat(after)
                .contains("%import zc.zlibstorage\n")
                .doesNotContain("<filestorage " + SITE, "zlibstorage " + SITE);
        assertThat(move.notes()).anyMatch(n -> n.contains("%import lines of zeoserver@local are kept"));
    }

    @Test
    void aRetireIsRefusedWhereAClientRunsZeo4BecauseTheOldServerWouldRestartUnderItWithHowToDoItByHand()
            throws Exception {
        Path b = buildout();
        Path t = target("");
        for (String client : List.of("client1", "client2")) {
            RuntimeReaderTest.eggScript(b, client, "4.3.1", "4.4.5");
        }

        assertThatThrownBy(() -> moveAndRetire(b, local(t)))
                .isInstanceOf(PlanException.class)
                .hasMessageContaining("client1 runs ZEO 4.3.1")
                .hasMessageContaining("zeoserver@local cannot restart alone")
                .hasMessageContaining("--retire is refused and nothing was changed")
                .hasMessageContaining("Move without --retire")
                .hasMessageContaining("delete <filestorage " + SITE + "> (lines ");
        // the move itself is still planned (by full stop, see RunbookTest)
        assertThat(move(b, local(t)).move().plan().retire()).isEmpty();
    }

    /** The guide's cluster as an earlier move leaves it: the site read-only at the old server, read by every client at the new one. */
    Path movedEarlier() throws Exception {
        Path b = buildout();
        Path zeoConf = b.resolve("parts/zeoserver/etc/zeo.conf");
        Files.writeString(
                zeoConf,
                Files.readString(zeoConf)
                        .replace("<filestorage " + SITE + ">\n", "<filestorage " + SITE + ">\n  read-only true\n"));
        for (String client : List.of("client1", "client2")) {
            Path conf = b.resolve("parts/" + client + "/etc/zope.conf");
            Files.writeString(
                    conf,
                    Files.readString(conf)
                            .replace(
                                    "server 127.0.0.1:8100\nstorage " + SITE, "server 10.0.0.2:8100\nstorage " + SITE));
        }
        return b;
    }

    @Test
    void aRetireOfAnEarlierMoveTakesTheSectionOutOfTheOldZeoConfAsItIsAndChangesNothingElse() throws Exception {
        Path b = movedEarlier();
        String zeoConf = Files.readString(b.resolve("parts/zeoserver/etc/zeo.conf"));

        RunSetup setup = retire(b, SITE);

        assertThat(setup.retiresOnly()).isTrue();
        assertThat(setup.plan().changes()).as("nothing frozen, copied or moved").isEmpty();
        assertThat(setup.retireChanges()).singleElement().satisfies(c -> {
            assertThat(c.path()).endsWith("parts/zeoserver/etc/zeo.conf");
            assertThat(text(c.before())).isEqualTo(zeoConf);
            assertThat(text(c.after())).isEqualTo(without(zeoConf, "<filestorage " + SITE + ">", "</filestorage>"));
        });
        assertThat(setup.retire().notes())
                .anyMatch(n -> n.contains("client1 database '" + SITE + "' reads") && n.contains("10.0.0.2:8100"));
    }

    @Test
    void aRetireOfAStorageSomeClientStillReadsFromTheOldServerIsRefusedNamingThem() throws Exception {
        Path b = buildout();
        Map<String, byte[]> before = Fixtures.snapshot(b);

        assertThatThrownBy(() -> retire(b, SITE))
                .isInstanceOf(PlanException.class)
                .hasMessageContaining(
                        "'" + SITE + "' at zeoserver@local is still read by client1 (database '" + SITE + "'")
                .hasMessageContaining("client2")
                .hasMessageContaining("Move it first: zeofreeze run --profile FILE --move --retire -f " + SITE);
        assertThat(Fixtures.snapshot(b)).usingRecursiveComparison().isEqualTo(before);
    }

    @Test
    void aRetireWithoutAMoveNamesItsStoragesItTakesNoneByDefault() throws Exception {
        Path b = movedEarlier();

        assertThatThrownBy(() -> retire(b))
                .isInstanceOf(PlanException.class)
                .hasMessageContaining("name the storages to retire (-f NAME)");
    }

    @Test
    void aWritableStorageNoClientReadsIsNotRetiredForItWasNeverMoved() throws Exception {
        Path b = buildout();
        Path zeoConf = b.resolve("parts/zeoserver/etc/zeo.conf");
        Files.writeString(
                zeoConf,
                Files.readString(zeoConf) + "\n<filestorage spare>\n  path " + b + "/var/spare.fs\n"
                        + "</filestorage>\n");

        assertThatThrownBy(() -> retire(b, "spare"))
                .isInstanceOf(PlanException.class)
                .hasMessageContaining("'spare' at zeoserver@local")
                .hasMessageContaining("is writable there: a storage a move took elsewhere is left read-only");
    }
}
