package org.zeofreeze.plan;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zeofreeze.cluster.ClusterBuilder;
import org.zeofreeze.cluster.ZeoServer;
import org.zeofreeze.cluster.ZopeClient;
import org.zeofreeze.discover.Discoverer;
import org.zeofreeze.discover.Discovery;
import org.zeofreeze.testing.GeneratorFixtures;
import org.zeofreeze.testing.GeneratorFixtures.RootedHost;
import org.zeofreeze.testing.Venv;
import org.zeofreeze.zconfig.ConfigDocument;
import org.zeofreeze.zconfig.ConfigParser;
import org.zeofreeze.zconfig.ConfigSyntaxError;

/**
 * The images' files, whose read-only is a ZConfig substitution, read by the real ZConfig (ZEO's
 * schema for the server, Zope's for the client) and by ZeoFreeze with the same environment: both
 * must see the same read-only values, or both refuse the file; and the file a plan edits (the
 * substitution replaced in place) must be one ZConfig reads as planned, with no key repeated.
 */
class GeneratedFilesOracleTest {
    @TempDir
    Path dir;

    /** One file read with one environment. */
    private record Case(String label, boolean client, Path file, Map<String, String> env) {}

    private Map<String, String> serverEnv(String readOnly) {
        Map<String, String> env = new HashMap<>(GeneratorFixtures.PLONE_ZEO_DEFAULTS);
        if (readOnly == null) {
            env.remove("ZEO_READ_ONLY");
        } else {
            env.put("ZEO_READ_ONLY", readOnly);
        }
        return env;
    }

    private Map<String, String> clientEnv(String readOnly) throws Exception {
        Map<String, String> env = new HashMap<>(GeneratorFixtures.ploneBackendEnvironment(
                "zeo.example.org:8100",
                Files.createDirectories(dir.resolve("clienthome")).toString()));
        if (readOnly == null) {
            env.remove("ZEO_READ_ONLY");
        } else {
            env.put("ZEO_READ_ONLY", readOnly);
        }
        return env;
    }

    /** plone-zeo's file with a catalog storage of one's own; plone-backend's with its catalog snippet appended. */
    private Discovery images() throws Exception {
        Path zeo = GeneratorFixtures.lay("plone-zeo", dir.resolve("zeo"));
        Path backend = GeneratorFixtures.lay("plone-backend", dir.resolve("backend"));
        GeneratorFixtures.append(
                zeo.resolve("app/etc/zeo.conf"), GeneratedFilesPlanTest.CATALOG_STORAGE.replace("TARGET", "/data"));
        GeneratorFixtures.runtimeCustomizations(backend.resolve("app"));
        return new Discoverer()
                .discover(List.of(
                        new Discoverer.Source(new RootedHost("zeo", zeo), "/app", serverEnv("false")::get),
                        new Discoverer.Source(new RootedHost("backend", backend), "/app", clientEnv("false")::get)));
    }

    /**
     * The text under a name of its own, its /app and /data moved into the test's directory: the
     * schemas want the directories they name to exist. Nothing else of the text changes.
     */
    private Path place(String name, String text) throws Exception {
        Path app = dir.resolve("root/app");
        Path data = dir.resolve("root/data");
        for (Path d : List.of(
                app.resolve("var/blobstorage"),
                app.resolve("var/blobstorage-catalog"),
                app.resolve("var/cache"),
                data.resolve("filestorage"),
                data.resolve("blobstorage"),
                data.resolve("log"),
                data.resolve("var/filestorage"),
                data.resolve("var/blobstorage-catalog"))) {
            Files.createDirectories(d);
        }
        Path file = dir.resolve(name + ".conf");
        Files.writeString(file, text.replace("/app", app.toString()).replace("/data", data.toString()));
        return file;
    }

    private static String text(Discovery d, String host) {
        return d.configs().entrySet().stream()
                .filter(e -> e.getKey().host().equals(host))
                .findFirst()
                .orElseThrow()
                .getValue()
                .main()
                .text();
    }

    private static String ours(Case c) {
        try {
            var config = new ConfigParser(p -> ConfigDocument.read(p, Files.readAllBytes(Path.of(p))), c.env()::get)
                    .parse(ConfigDocument.read(c.file().toString(), Files.readAllBytes(c.file())));
            if (c.client()) {
                ZopeClient client = new ClusterBuilder().readClient("local", "app", config);
                return client.databases().stream()
                        .map(db -> db.name() + "=" + db.readOnly())
                        .collect(Collectors.joining(" "));
            }
            ZeoServer server = new ClusterBuilder().readServer("local", "app", config);
            return "zeo=" + server.serverReadOnly() + " "
                    + server.storages().stream()
                            .map(s -> s.name() + "=" + s.readOnly())
                            .collect(Collectors.joining(" "));
        } catch (ConfigSyntaxError e) {
            return "refused";
        } catch (Exception e) {
            return "failed: " + e;
        }
    }

    private static String describe(boolean client, JsonNode answer) {
        if (!answer.get("ok").asBoolean()) {
            return "refused";
        }
        List<String> out = new ArrayList<>();
        if (client) {
            answer.get("databases")
                    .forEach(db -> out.add(db.get("name").asText() + "="
                            + db.get("zeoclients").get(0).get("read_only").asBoolean()));
        } else {
            out.add("zeo=" + answer.get("zeo_read_only").asBoolean());
            answer.get("storages")
                    .forEach(s -> out.add(s.get(0).asText() + "=" + s.get(1).asBoolean()));
        }
        return String.join(" ", out);
    }

    /** What ZConfig reads, one answer per case, with errors kept for the message of a mismatch. */
    private static List<JsonNode> theirs(List<Case> cases) throws Exception {
        ObjectMapper json = new ObjectMapper();
        Process p = new ProcessBuilder(Venv.python().toString(), "src/test/resources/oracle/generated_oracle.py")
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        try (Writer in = new OutputStreamWriter(p.getOutputStream(), StandardCharsets.UTF_8)) {
            for (Case c : cases) {
                in.write(json.writeValueAsString(Map.of(
                                "kind",
                                c.client() ? "client" : "server",
                                "path",
                                c.file().toString(),
                                "env",
                                c.env()))
                        + "\n");
            }
        }
        List<JsonNode> out = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                out.add(json.readTree(line));
            }
        }
        assertThat(p.waitFor()).as("oracle exit code").isZero();
        assertThat(out).hasSize(cases.size());
        return out;
    }

    /** Both readings of every case, as "label: reading", ZConfig's error kept where it refused. */
    private static Map<String, String> compare(List<Case> cases, Map<String, String> expected) throws Exception {
        List<JsonNode> answers = theirs(cases);
        Map<String, String> theirs = new LinkedHashMap<>();
        for (int i = 0; i < cases.size(); i++) {
            Case c = cases.get(i);
            String zconfig = describe(c.client(), answers.get(i));
            assertThat(ours(c))
                    .as("%s: ZeoFreeze and ZConfig (%s)", c.label(), answers.get(i))
                    .isEqualTo(zconfig);
            theirs.put(c.label(), zconfig);
        }
        assertThat(theirs).as("what ZConfig reads").isEqualTo(expected);
        return theirs;
    }

    @Test
    void theImagesReadOnlyIsReadAsZConfigReadsIt() throws Exception {
        Discovery d = images();
        String zeo = text(d, "zeo");
        String backend = text(d, "backend");
        Path server = place("zeo", zeo);
        Path client = place("backend", backend);
        // a %define'd name substitutes as ZConfig does; an environment name keeps its case
        Path defined = place(
                "defined",
                "%define catalog_ro on\n"
                        + zeo.replace(
                                "blob-dir /data/var/blobstorage-catalog\n",
                                "blob-dir /data/var/blobstorage-catalog\n  read-only ${CATALOG_RO}\n"));
        Path lowerCase = place("lower", zeo.replace("read-only $(ZEO_READ_ONLY)", "read-only $(zeo_read_only)"));
        List<Case> cases = List.of(
                new Case("server, ZEO_READ_ONLY=false", false, server, serverEnv("false")),
                new Case("server, ZEO_READ_ONLY=true", false, server, serverEnv("true")),
                new Case("server, ZEO_READ_ONLY=On", false, server, serverEnv("On")),
                new Case("server, ZEO_READ_ONLY unset", false, server, serverEnv(null)),
                new Case("server, catalog ${CATALOG_RO} defined on", false, defined, serverEnv("false")),
                new Case("server, $(zeo_read_only) with ZEO_READ_ONLY set", false, lowerCase, serverEnv("true")),
                new Case("client, ZEO_READ_ONLY=false", true, client, clientEnv("false")),
                new Case("client, ZEO_READ_ONLY=yes", true, client, clientEnv("yes")),
                new Case("client, ZEO_READ_ONLY unset", true, client, clientEnv(null)));
        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("server, ZEO_READ_ONLY=false", "zeo=false 1=false catalog=false");
        expected.put("server, ZEO_READ_ONLY=true", "zeo=true 1=false catalog=false");
        expected.put("server, ZEO_READ_ONLY=On", "zeo=true 1=false catalog=false");
        expected.put("server, ZEO_READ_ONLY unset", "refused");
        expected.put("server, catalog ${CATALOG_RO} defined on", "zeo=false 1=false catalog=true");
        expected.put("server, $(zeo_read_only) with ZEO_READ_ONLY set", "refused");
        expected.put("client, ZEO_READ_ONLY=false", "main=false catalog=false");
        expected.put("client, ZEO_READ_ONLY=yes", "main=true catalog=true");
        expected.put("client, ZEO_READ_ONLY unset", "refused");
        compare(cases, expected);
    }

    @Test
    void theFilesAPlanEditsAreReadByZConfigAsPlannedWithNoKeyRepeated() throws Exception {
        Discovery d = images();
        Plan plan = new Planner(InsertedLines.NONE, true).plan(d, Selection.freeze("catalog"));
        String zeo = new String(
                plan.changes().stream()
                        .filter(c -> c.host().equals("zeo"))
                        .findFirst()
                        .orElseThrow()
                        .after(),
                StandardCharsets.UTF_8);
        String backend = new String(
                plan.changes().stream()
                        .filter(c -> c.host().equals("backend"))
                        .findFirst()
                        .orElseThrow()
                        .after(),
                StandardCharsets.UTF_8);
        Path server = place("zeo-frozen", zeo);
        Path client = place("backend-frozen", backend);
        // what an added line would have made of the substitution line: ZConfig refuses the key twice
        Path twice = place(
                "backend-twice",
                text(d, "backend").replace("storage catalog\n", "storage catalog\n      read-only true\n"));
        List<Case> cases = List.of(
                new Case("server frozen", false, server, serverEnv("false")),
                new Case("client frozen, ZEO_READ_ONLY=false", true, client, clientEnv("false")),
                new Case("client frozen, ZEO_READ_ONLY=true", true, client, clientEnv("true")));
        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("server frozen", "zeo=false 1=false catalog=true");
        expected.put("client frozen, ZEO_READ_ONLY=false", "main=false catalog=true");
        expected.put("client frozen, ZEO_READ_ONLY=true", "main=true catalog=true");
        compare(cases, expected);
        JsonNode repeated = theirs(List.of(new Case("twice", true, twice, clientEnv("false"))))
                .get(0);
        assertThat(repeated.get("ok").asBoolean()).isFalse();
        assertThat(repeated.get("error").asText()).contains("read-only");
    }
}
