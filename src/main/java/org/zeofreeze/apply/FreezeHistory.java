package org.zeofreeze.apply;

import com.github.difflib.DiffUtils;
import com.github.difflib.patch.AbstractDelta;
import com.github.difflib.patch.DeltaType;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.zeofreeze.cluster.Buildout;
import org.zeofreeze.discover.Discovery;
import org.zeofreeze.discover.HostFile;
import org.zeofreeze.host.Host;
import org.zeofreeze.plan.Hashes;
import org.zeofreeze.plan.InsertedLines;
import org.zeofreeze.plan.Mode;
import org.zeofreeze.plan.Planner;
import org.zeofreeze.zconfig.ConfigDocument;
import org.zeofreeze.zconfig.ConfigSyntaxError;
import org.zeofreeze.zconfig.Line;

/**
 * The read-only lines ZeoFreeze's own applies inserted, found from the apply records the hosts
 * keep ({@code var/zeofreeze/} of each buildout): for each file, the newest record that wrote
 * exactly what the file holds now, compared with its backup (which must still be the bytes the
 * record names). A record that cannot be trusted, a backup that is gone or changed, or a file
 * edited since, gives nothing: the thaw then writes {@code read-only false} as before.
 */
public final class FreezeHistory implements InsertedLines {
    private final Set<String> inserted;

    private FreezeHistory(Set<String> inserted) {
        this.inserted = Set.copyOf(inserted);
    }

    @Override
    public boolean inserted(String host, String file, int lineIndex) {
        return inserted.contains(key(host, file, lineIndex));
    }

    private static String key(String host, String file, int lineIndex) {
        return host + "\0" + file + "\0" + lineIndex;
    }

    /** Reads the records of every buildout of the cluster; what cannot be read is left out. */
    public static FreezeHistory of(Discovery discovery, Function<String, Host> hosts) throws InterruptedException {
        Set<String> found = new HashSet<>();
        for (Buildout b : discovery.cluster().buildouts()) {
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
            Host host = hosts.apply(b.host());
            Set<String> settled = new HashSet<>();
            try {
                for (String name : ConfigApplier.recordNames(host, b.dir())) {
                    ApplyRecord record;
                    try {
                        record = ConfigApplier.record(host, b.dir(), name);
                    } catch (RecordException e) {
                        continue; // not a record an apply wrote: it proves nothing
                    }
                    for (AppliedFile f : record.files()) {
                        if (settled.contains(f.path())) {
                            continue;
                        }
                        insertedBy(discovery, host, b.host(), f).ifPresent(lines -> {
                            settled.add(f.path());
                            lines.forEach(i -> found.add(key(b.host(), f.path(), i)));
                        });
                    }
                }
            } catch (IOException e) {
                // no records to read on this host: nothing is known to be ours
            }
        }
        return new FreezeHistory(found);
    }

    /** The lines of the file as it is now that the record's write inserted, if the record wrote what is there. */
    private static Optional<List<Integer>> insertedBy(Discovery discovery, Host host, String hostName, AppliedFile f) {
        ConfigDocument now;
        try {
            now = discovery.document(new HostFile(hostName, f.path()));
        } catch (IllegalArgumentException e) {
            return Optional.empty(); // a file the cluster does not read any more
        }
        if (!Hashes.sha256(now.bytes()).equals(f.afterSha256())) {
            return Optional.empty();
        }
        byte[] backup;
        try {
            backup = host.readRegularFile(f.backup(), ConfigDocument.MAX_BYTES);
        } catch (IOException e) {
            return Optional.empty();
        }
        if (!Hashes.sha256(backup).equals(f.beforeSha256())) {
            return Optional.empty();
        }
        ConfigDocument before;
        try {
            before = ConfigDocument.read(f.backup(), backup);
        } catch (ConfigSyntaxError e) {
            return Optional.empty();
        }
        List<String> a = before.lines().stream().map(Line::raw).toList();
        List<String> b = now.lines().stream().map(Line::raw).toList();
        List<Integer> out = new ArrayList<>();
        for (AbstractDelta<String> d : DiffUtils.diff(a, b).getDeltas()) {
            if (d.getType() != DeltaType.INSERT) {
                continue;
            }
            for (int i = 0; i < d.getTarget().size(); i++) {
                String key = d.getTarget().getLines().get(i).strip().toLowerCase(Locale.ROOT);
                if (key.startsWith("read-only") && !key.startsWith("read-only-")) {
                    out.add(d.getTarget().getPosition() + i);
                }
            }
        }
        return Optional.of(out);
    }

    /**
     * The planner for a choice: a thaw's planner knows the lines the cluster's own freezes inserted
     * (reading the apply records of every host), a freeze's needs nothing. Every place that plans
     * a run (the review, and each write of a rolling run, which plans again and must get the
     * reviewed bytes) plans with this one.
     */
    public static Planner planner(Mode mode, Discovery discovery, Function<String, Host> hosts)
            throws InterruptedException {
        return planner(mode, discovery, hosts, false);
    }

    /** The same, editing files a tool writes again at every start when {@code editGeneratedFiles} (the profile's opt-in). */
    public static Planner planner(
            Mode mode, Discovery discovery, Function<String, Host> hosts, boolean editGeneratedFiles)
            throws InterruptedException {
        return new Planner(mode == Mode.THAW ? of(discovery, hosts) : InsertedLines.NONE, editGeneratedFiles);
    }
}
