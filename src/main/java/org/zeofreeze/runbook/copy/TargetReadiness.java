package org.zeofreeze.runbook.copy;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.zeofreeze.host.CommandResult;
import org.zeofreeze.host.Host;
import org.zeofreeze.profile.MigrationTarget;
import org.zeofreeze.runbook.step.StepFailure;
import org.zeofreeze.runbook.step.StepRun;

/**
 * What would spoil the migration though the copy itself succeeds, each a finding of one
 * sentence with what to do: ZEO client caches on the target (the new site's clients would
 * refuse its server: "Client has seen newer transactions than server"), a {@code .fs.index}
 * there that does not describe the file the copy leaves, and pack or backup jobs in the source
 * hosts' crontabs (a pack rewrites the {@code .fs} under the pre-sync and the copy).
 */
public final class TargetReadiness {
    /** The crontabs read besides the user's own ({@code crontab -l}). */
    public static final List<String> SYSTEM_CRONTABS = List.of("/etc/crontab", "/etc/cron.d");

    private static final Pattern PACK_OR_BACKUP = Pattern.compile("(?i)zeopack|repozo|backup|\\bpack\\b|snapshot");

    private final List<String> crontabs;

    public TargetReadiness(List<String> crontabs) {
        this.crontabs = List.copyOf(crontabs);
    }

    public List<String> findings(StepRun run, MigrationTarget target, List<StorageFiles> chosen)
            throws StepFailure, InterruptedException {
        List<String> out = new ArrayList<>(clientCaches(run, target));
        for (StorageFiles sf : chosen) {
            if (sf.path() != null) {
                staleIndex(run, target, sf).ifPresent(out::add);
            }
        }
        out.addAll(cronJobs(run, chosen));
        return out;
    }

    /** {@code *.zec} under the target buildout's {@code var} and {@code parts/NAME/var}. */
    private static List<String> clientCaches(StepRun run, MigrationTarget target)
            throws StepFailure, InterruptedException {
        CommandResult r = run.quiet(
                target.name(),
                List.of(
                        "sh",
                        "-c",
                        "for d in \"$1/var\" \"$1/parts\"; do "
                                + "[ -d \"$d\" ] && find \"$d\" -maxdepth 3 -type f -name '*.zec'; done; true",
                        "client-caches",
                        target.buildoutDir()),
                run.setup().timeouts().command());
        return r.stdout()
                .lines()
                .filter(l -> !l.isBlank())
                .map(f -> f + " on the target is a ZEO client cache: remove it "
                        + "before the new site starts, or its client refuses the copied storages (\"Client has seen newer "
                        + "transactions than server\")")
                .toList();
    }

    /** An index on the target with no {@code .fs} beside it, or older than the file it sits beside. */
    private static Optional<String> staleIndex(StepRun run, MigrationTarget target, StorageFiles sf)
            throws StepFailure, InterruptedException {
        String dest = CopyStep.targetPath(run.setup(), sf.host(), sf.path(), target);
        Optional<FileIdentity> index = FileIdentity.of(run, target.name(), dest + ".index");
        if (index.isEmpty()) {
            return Optional.empty();
        }
        Optional<FileIdentity> fs = FileIdentity.of(run, target.name(), dest);
        if (fs.isPresent()
                && new BigDecimal(index.get().modified())
                                .compareTo(new BigDecimal(fs.get().modified()))
                        >= 0) {
            return Optional.empty();
        }
        return Optional.of(dest + ".index on the target "
                + (fs.isEmpty() ? "has no " + dest + " beside it" : "is older than " + dest)
                + ": it does not describe the copy of " + sf.path() + "; remove it before the "
                + "new site starts (FileStorage builds a new one from the .fs)");
    }

    /** Lines of the source hosts' crontabs that pack or back up these storages. */
    private List<String> cronJobs(StepRun run, List<StorageFiles> chosen) throws StepFailure, InterruptedException {
        List<String> out = new ArrayList<>();
        for (String host : chosen.stream().map(StorageFiles::host).distinct().toList()) {
            Set<String> refs = new LinkedHashSet<>();
            refs.add(run.setup().buildout(host));
            for (StorageFiles sf : chosen) {
                if (sf.host().equals(host)) {
                    refs.add(sf.storage().name());
                    if (sf.path() != null) {
                        refs.add(sf.path());
                    }
                }
            }
            for (String[] tab : crontabs(run, host)) {
                for (String line : tab[1].lines().map(String::strip).toList()) {
                    if (line.isEmpty()
                            || line.startsWith("#")
                            || !PACK_OR_BACKUP.matcher(line).find()) {
                        continue;
                    }
                    if (refs.stream().anyMatch(ref -> mentions(line, ref))) {
                        out.add(host + ", " + tab[0] + ": \"" + line
                                + "\" packs or backs up these storages: a pack during the "
                                + "migration rewrites the .fs the pre-sync and the copy are sending; suspend the job until "
                                + "the migration is over");
                    }
                }
            }
        }
        return out;
    }

    private static boolean mentions(String line, String ref) {
        return Pattern.compile("(^|[^A-Za-z0-9_.-])" + Pattern.quote(ref) + "($|[^A-Za-z0-9_-])")
                .matcher(line)
                .find();
    }

    /** Each crontab that can be read: where, and its text. */
    private List<String[]> crontabs(StepRun run, String host) throws StepFailure, InterruptedException {
        List<String[]> out = new ArrayList<>();
        CommandResult own = run.quiet(
                host,
                List.of("sh", "-c", "command -v crontab >/dev/null 2>&1 && crontab -l 2>/dev/null; true"),
                run.setup().timeouts().command());
        if (!own.stdout().isBlank()) {
            out.add(new String[] {"crontab -l", own.stdout()});
        }
        Host h = run.host(host);
        for (String path : crontabs) {
            try {
                if (h.isDirectory(path)) {
                    for (String name : h.list(path)) {
                        read(h, path + "/" + name).ifPresent(text -> out.add(new String[] {path + "/" + name, text}));
                    }
                } else {
                    read(h, path).ifPresent(text -> out.add(new String[] {path, text}));
                }
            } catch (IOException e) {
                // a crontab this user may not read tells nothing
            }
        }
        return out;
    }

    private static Optional<String> read(Host h, String path) {
        try {
            return h.isDirectory(path)
                    ? Optional.empty()
                    : Optional.of(new String(h.read(path), StandardCharsets.UTF_8));
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
