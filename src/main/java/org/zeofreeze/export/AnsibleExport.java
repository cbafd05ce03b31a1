package org.zeofreeze.export;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.zeofreeze.export.ExportFacts.Changed;
import org.zeofreeze.plan.MovePlan;
import org.zeofreeze.profile.HostEntry;
import org.zeofreeze.profile.MigrationTarget;
import org.zeofreeze.runbook.RunbookChecks;
import org.zeofreeze.runbook.setup.RunSetup;
import org.zeofreeze.runbook.setup.Strategy;

/**
 * The reviewed plan as an Ansible project: {@code inventory.yml} (the profile's hosts),
 * {@code site.yml} (the plan, in the strategy's order), {@code rollback.yml} (the files as they
 * were reviewed, put back) and {@code files/} (each file's contents before and after, byte for
 * byte, as the plan holds them: the playbook copies them, it derives nothing).
 */
public record AnsibleExport(Map<String, byte[]> files) {
    private static final String NAME = "[A-Za-z0-9][A-Za-z0-9_.-]*";
    private static final DateTimeFormatter STAMP =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    public AnsibleExport {
        files = Collections.unmodifiableMap(new LinkedHashMap<>(files));
    }

    /** The export of a prepared run; reads the files' owners and modes and the clients' addresses from the hosts. */
    public static AnsibleExport of(RunSetup setup, Strategy strategy, Instant at) throws IOException, ExportException {
        if (setup.retires()) {
            throw new ExportException("a retire is not exported to Ansible yet: export the move without --retire, "
                    + "then run the retire with zeofreeze run --retire once the move is done");
        }
        checkNames(setup);
        ExportFacts facts = ExportFacts.read(setup);
        String kept = ".zeofreeze-kept-" + STAMP.format(at);
        Map<String, byte[]> out = new LinkedHashMap<>();
        out.put("inventory.yml", text(Yaml.document(inventory(setup))));
        out.put("site.yml", text(Yaml.document(new Playbook(setup, facts, strategy, true, kept).plays())));
        out.put("rollback.yml", text(Yaml.document(new Playbook(setup, facts, strategy, false, kept).plays())));
        for (Changed c : facts.all()) {
            out.put("files/" + Playbook.source(c, true), c.change().after());
            out.put("files/" + Playbook.source(c, false), c.change().before());
        }
        out.put("files/" + Playbook.PROBE_SCRIPT, text(RunbookChecks.storageProbe()));
        out.put("files/" + Playbook.CONNECTIONS_SCRIPT, connectionsScript());
        if (setup.moves()) {
            out.put("files/" + Playbook.FACTS_SCRIPT, text(RunbookChecks.storageFactsProbe()));
        }
        out.put("README.txt", text(readme(setup, strategy, at)));
        return new AnsibleExport(out);
    }

    private static byte[] connectionsScript() throws IOException {
        try (var in = AnsibleExport.class.getResourceAsStream(Playbook.CONNECTIONS_SCRIPT)) {
            if (in == null) {
                throw new IOException(Playbook.CONNECTIONS_SCRIPT + " is missing from ZeoFreeze's jar");
            }
            return in.readAllBytes();
        }
    }

    /** Host names become inventory names and string literals in the playbook's conditions: plain names only. */
    private static void checkNames(RunSetup setup) throws ExportException {
        List<String> names = new ArrayList<>(
                setup.profile().hosts().stream().map(HostEntry::name).toList());
        if (setup.profile().target() != null) {
            names.add(setup.profile().target().name());
        }
        if (setup.moves()) {
            // The moved storages' names are string literals in the playbook's conditions too.
            for (MovePlan.MovedStorage m : setup.move().plan().storages()) {
                if (!m.name().matches(NAME)) {
                    throw new ExportException("the storage name '" + m.name() + "' cannot be exported to Ansible; "
                            + "move it with zeofreeze run --move");
                }
            }
            setup.discovery().cluster().root().ifPresent(r -> {
                if (!r.name().matches(NAME)) {
                    names.add(r.name());
                }
            });
            names.add(setup.move().plan().targetHost());
        }
        for (String n : names) {
            if (!n.matches(NAME)) {
                throw new ExportException("the host name '" + n + "' in profile '"
                        + setup.profile().name() + "' cannot be "
                        + "an Ansible inventory name; rename it in the profile to letters, digits, '.', '_' and '-'");
            }
        }
    }

    private static Map<String, Object> inventory(RunSetup setup) {
        Map<String, Object> cluster = new LinkedHashMap<>();
        for (HostEntry h : setup.profile().hosts()) {
            cluster.put(h.name(), hostVars(h.address(), h.user(), h.port(), h.sudoUser()));
        }
        Map<String, Object> children = new LinkedHashMap<>();
        children.put("zeofreeze_cluster", Map.of("hosts", cluster));
        MigrationTarget target = setup.profile().target();
        if (target != null) {
            Map<String, Object> t = new LinkedHashMap<>();
            t.put(target.name(), hostVars(target.address(), target.user(), target.port(), null));
            children.put("zeofreeze_target", Map.of("hosts", t));
        }
        return Map.of("all", Map.of("children", children));
    }

    private static Map<String, Object> hostVars(String address, String user, Integer port, String sudoUser) {
        Map<String, Object> v = new LinkedHashMap<>();
        if (address.isEmpty()) {
            v.put("ansible_connection", "local");
        } else {
            v.put("ansible_host", address);
        }
        if (user != null && !user.isBlank()) {
            v.put("ansible_user", user);
        }
        if (port != null) {
            v.put("ansible_port", port);
        }
        if (sudoUser != null && !sudoUser.isBlank()) {
            v.put("ansible_become", true);
            v.put("ansible_become_method", "sudo");
            v.put("ansible_become_user", sudoUser);
        }
        return v;
    }

    private static String readme(RunSetup setup, Strategy strategy, Instant at) {
        String move = !setup.moves()
                ? ""
                : String.join(
                        "\n",
                        "",
                        "The move: the target serves the copies read-only and files/" + Playbook.FACTS_SCRIPT
                                + " proves each one",
                        "identical to the frozen source (last transaction, object count) before any client is "
                                + "switched; then",
                        "the clients are switched, the target made writable, the clients made writable, and the "
                                + "move verified.",
                        "rollback.yml refuses, changing nothing, once any client got write access at the target.",
                        "");
        return String.join(
                "\n",
                "ZeoFreeze: the plan for profile '" + setup.profile().name() + "' ("
                        + setup.choice().mode().name().toLowerCase(Locale.ROOT) + " "
                        + String.join(
                                ", ",
                                setup.plan().selected().stream()
                                        .map(Object::toString)
                                        .toList()) + ", strategy " + strategy.text() + "), exported " + at + ".",
                "",
                "  ansible-playbook -i inventory.yml site.yml --check --diff   # what would change, nothing is changed",
                "  ansible-playbook -i inventory.yml site.yml                  # carry out the plan",
                "  ansible-playbook -i inventory.yml rollback.yml              # put back the files as they were reviewed",
                "",
                "Every file is checked first: it must still be the reviewed file (or already written), else the playbook",
                "stops before anything is stopped. Before the ZEO server restarts read-only, every process connected",
                "to it must be a client of the cluster (files/" + Playbook.CONNECTIONS_SCRIPT
                        + ", run by the managed host's",
                "python3); at the end, files/" + Playbook.PROBE_SCRIPT
                        + " asks the ZEO server for each storage: frozen ones",
                "must refuse write access." + move,
                "",
                "files/ holds the files' real contents, secrets included: every file here is readable by its owner only;",
                "keep it so, and remove the export when it is no longer needed.",
                "");
    }

    private static byte[] text(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Writes the export into {@code dir}, which must not exist or be empty: directories 0700,
     * files 0600 from the moment they are created, since the contents may hold passwords.
     */
    public void write(Path dir) throws IOException, ExportException {
        if (Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
                throw new ExportException(
                        dir + " exists and is not a directory; name a new or empty directory with --out");
            }
            try (var entries = Files.list(dir)) {
                if (entries.findAny().isPresent()) {
                    throw new ExportException(dir + " is not empty; name a new or empty directory with --out, "
                            + "so that no file of an earlier export is mixed in or replaced");
                }
            }
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        } else {
            Files.createDirectories(
                    dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        }
        for (Map.Entry<String, byte[]> e : files.entrySet()) {
            Path file = dir.resolve(e.getKey());
            Path parent = file.getParent();
            Path d = dir;
            for (Path part : dir.relativize(parent)) {
                d = d.resolve(part);
                if (!Files.isDirectory(d, LinkOption.NOFOLLOW_LINKS)) {
                    Files.createDirectory(
                            d, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
                }
            }
            try {
                Files.write(
                        Files.createFile(
                                file,
                                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))),
                        e.getValue(),
                        StandardOpenOption.TRUNCATE_EXISTING);
            } catch (FileAlreadyExistsException x) {
                throw new ExportException(file + " already exists; name a new or empty directory with --out");
            }
        }
    }
}
