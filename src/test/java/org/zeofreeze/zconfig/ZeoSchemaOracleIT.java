package org.zeofreeze.zconfig;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zeofreeze.cluster.ClusterBuilder;
import org.zeofreeze.cluster.Storage;
import org.zeofreeze.cluster.ZeoServer;
import org.zeofreeze.testing.Venv;

/**
 * Generated zeo.conf files with the odd features real files have (Python whitespace of every kind,
 * lone CRs, CRLF, includes written as paths and as file: URLs, percent escapes, defines, '~' paths,
 * keys in any case, bytes that are not UTF-8) read by the real ZConfig with ZEO's schema and by
 * our reader: both must accept or refuse the same files, and see the same storages, read-only
 * flags and paths. The real library is the oracle.
 */
class ZeoSchemaOracleIT {
    private static final int CASES = 400;
    private static final String SPACES = "\t\u000b\u000c\r\u001c\u001d\u001e\u001f \u0085\u00a0\u1680"
            + "\u2000\u2005\u200a\u2028\u2029\u202f\u205f\u3000";
    private static final String[] TRUE = {"true", "yes", "on", "TRUE", "Yes", "oN"};
    private static final String[] FALSE = {"false", "no", "off", "False", "NO", "Off"};

    @TempDir
    Path dir;

    private record Case(Path main, Path home) {}

    @Test
    void ourReaderSeesWhatZeoSees() throws Exception {
        Random random = new Random(20261125L);
        List<Case> cases = new ArrayList<>();
        for (int i = 0; i < CASES; i++) {
            cases.add(generate(random, dir.resolve("case" + i)));
        }
        List<JsonNode> oracle = runOracle(cases);
        List<String> mismatches = new ArrayList<>();
        int accepted = 0;
        for (int i = 0; i < CASES; i++) {
            Case c = cases.get(i);
            JsonNode expected = oracle.get(i);
            String ours = ours(c);
            String theirs = expected.get("ok").asBoolean() ? describe(expected) : "refused";
            if (!ours.equals(theirs)) {
                mismatches.add(c.main() + "\n  ZConfig: " + theirs
                        + (expected.has("error") ? " (" + expected.get("error").asText() + ")" : "") + "\n  ours:    "
                        + ours);
            }
            accepted += expected.get("ok").asBoolean() ? 1 : 0;
        }
        assertThat(mismatches).as("files read differently").isEmpty();
        // The generator must exercise both outcomes, or the comparison proves little.
        assertThat(accepted).isBetween(CASES / 2, CASES - 10);
    }

    private static String describe(JsonNode ok) {
        StringBuilder b =
                new StringBuilder("zeo read-only=" + ok.get("zeo_read_only").asBoolean());
        for (JsonNode s : ok.get("storages")) {
            b.append(" | ")
                    .append(s.get(0).asText())
                    .append(" ro=")
                    .append(s.get(1).asBoolean())
                    .append(" path=")
                    .append(s.get(2).asText())
                    .append(" blob=")
                    .append(s.get(3).isNull() ? "-" : s.get(3).asText());
        }
        return b.toString();
    }

    private static String ours(Case c) {
        try {
            ConfigParser parser = new ConfigParser(
                    p -> ConfigDocument.read(p, Files.readAllBytes(Path.of(p))),
                    Map.of("HOME", c.home().toString())::get);
            ParsedConfig config = parser.parse(ConfigDocument.read(c.main().toString(), Files.readAllBytes(c.main())));
            ZeoServer server = new ClusterBuilder().readServer("local", "zeoserver", config);
            StringBuilder b = new StringBuilder("zeo read-only=" + server.serverReadOnly());
            for (Storage s : server.storages()) {
                b.append(" | ")
                        .append(s.name())
                        .append(" ro=")
                        .append(s.readOnly())
                        .append(" path=")
                        .append(s.path())
                        .append(" blob=")
                        .append(s.blobDir() == null ? "-" : s.blobDir());
            }
            return b.toString();
        } catch (ConfigSyntaxError e) {
            return "refused";
        } catch (Exception e) {
            return "failed: " + e;
        }
    }

    private static List<JsonNode> runOracle(List<Case> cases) throws Exception {
        Path script = Path.of("src/test/resources/oracle/zeo_oracle.py");
        Process p = new ProcessBuilder(Venv.python().toString(), script.toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        try (Writer in = new OutputStreamWriter(p.getOutputStream(), StandardCharsets.UTF_8)) {
            for (Case c : cases) {
                in.write(c.main() + "\t" + c.home() + "\n");
            }
        }
        List<JsonNode> out = new ArrayList<>();
        ObjectMapper json = new ObjectMapper();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                out.add(json.readTree(line));
            }
        }
        assertThat(p.waitFor()).as("oracle exit code").isZero();
        assertThat(out).hasSize(cases.size());
        return out;
    }

    // ---- the generator ----

    private static String space(Random r) {
        return r.nextInt(3) == 0 ? String.valueOf(SPACES.charAt(r.nextInt(SPACES.length()))) : " ";
    }

    private static String spaces(Random r) {
        return switch (r.nextInt(4)) {
            case 0 -> "";
            case 1 -> space(r) + space(r);
            default -> space(r);
        };
    }

    private static String eol(Random r, boolean crlf) {
        return crlf ? "\r\n" : "\n";
    }

    private static String keyCase(Random r, String key) {
        return switch (r.nextInt(4)) {
            case 0 -> key.toUpperCase(Locale.ROOT);
            case 1 -> Character.toUpperCase(key.charAt(0)) + key.substring(1);
            default -> key;
        };
    }

    private static String line(Random r, boolean crlf, String key, String value) {
        return spaces(r)
                + keyCase(r, key)
                + (r.nextBoolean() ? space(r) : space(r) + spaces(r))
                + value
                + spaces(r)
                + eol(r, crlf);
    }

    private static Case generate(Random r, Path caseDir) throws Exception {
        Path home = Files.createDirectories(caseDir.resolve("home"));
        Path data = Files.createDirectories(home.resolve("data"));
        Path etc = Files.createDirectories(caseDir.resolve("etc"));
        Files.createDirectories(etc.resolve("inc dir"));
        boolean crlf = r.nextInt(4) == 0;
        StringBuilder main = new StringBuilder();
        ByteArrayOutputStream tail = new ByteArrayOutputStream();
        if (r.nextBoolean()) {
            main.append("%define")
                    .append(space(r))
                    .append("BASE")
                    .append(space(r))
                    .append(data)
                    .append(eol(r, crlf));
        }
        boolean defined = main.length() > 0;
        main.append(spaces(r)).append("<zeo>").append(spaces(r)).append(eol(r, crlf));
        main.append(line(r, crlf, "address", "8100"));
        if (r.nextInt(6) == 0) {
            main.append(line(
                    r,
                    crlf,
                    "read-only",
                    r.nextBoolean() ? TRUE[r.nextInt(TRUE.length)] : FALSE[r.nextInt(FALSE.length)]));
        }
        main.append(spaces(r)).append("</zeo>").append(spaces(r)).append(eol(r, crlf));
        int storages = 1 + r.nextInt(3);
        for (int s = 0; s < storages; s++) {
            String name = (s == 0 ? "Main" : "st" + s);
            StringBuilder section = new StringBuilder();
            section.append(spaces(r))
                    .append(r.nextBoolean() ? "<filestorage" : "<FileStorage")
                    .append(space(r))
                    .append(name)
                    .append(spaces(r))
                    .append(">")
                    .append(eol(r, crlf));
            String path = switch (r.nextInt(4)) {
                case 0 -> "~/data/" + name + ".fs";
                case 1 -> defined ? "$base/" + name + ".fs" : data + "/" + name + ".fs";
                default -> data + "/" + name + ".fs";
            };
            section.append(line(r, crlf, "path", path));
            if (r.nextInt(3) == 0) {
                section.append(line(r, crlf, "blob-dir", r.nextBoolean() ? "~/data/blobs" + s : data + "/blobs" + s));
            }
            switch (r.nextInt(5)) {
                case 0 -> section.append(line(r, crlf, "read-only", TRUE[r.nextInt(TRUE.length)]));
                case 1 -> section.append(line(r, crlf, "read-only", FALSE[r.nextInt(FALSE.length)]));
                case 2 -> // a lone CR inside a comment line: the whole line stays a comment for ZConfig
                    section.append(spaces(r)).append("# note\rread-only true").append(eol(r, crlf));
                default -> {}
            }
            section.append(spaces(r)).append("</filestorage>").append(spaces(r)).append(eol(r, crlf));
            if (r.nextInt(3) == 0) {
                String file = "st " + s + ".conf";
                Files.writeString(etc.resolve("inc dir").resolve(file), section);
                String abs = etc.resolve("inc dir").resolve(file).toString();
                String reference = switch (r.nextInt(7)) {
                    case 0 -> "inc%20dir/st%20" + s + ".conf";
                    case 1 -> "file:inc%20dir/st%20" + s + ".conf";
                    case 2 -> "file://" + abs.replace(" ", "%20");
                    case 3 -> "file://localhost" + abs.replace(" ", "%20");
                    case 4 -> "./inc%20dir/../inc%20dir/st%20" + s + ".conf";
                    case 5 -> abs.replace(" ", "%20");
                    default -> "file:" + abs.replace(" ", "%20");
                };
                main.append(spaces(r))
                        .append("%include")
                        .append(space(r))
                        .append(reference)
                        .append(spaces(r))
                        .append(eol(r, crlf));
            } else {
                main.append(section);
            }
        }
        if (r.nextInt(12) == 0) {
            tail.write("# caf".getBytes(StandardCharsets.US_ASCII));
            tail.write(0xe9); // Latin-1, not UTF-8
            tail.write('\n');
        }
        if (r.nextInt(15) == 0) {
            main.append("<filestorage broken").append(eol(r, crlf)); // a syntax error
        }
        Path zeoConf = etc.resolve("zeo.conf");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.write(main.toString().getBytes(StandardCharsets.UTF_8));
        bytes.write(tail.toByteArray());
        Files.write(zeoConf, bytes.toByteArray());
        return new Case(zeoConf, home);
    }
}
