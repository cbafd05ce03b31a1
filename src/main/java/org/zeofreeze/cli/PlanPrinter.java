package org.zeofreeze.cli;

import java.io.PrintWriter;
import java.util.List;
import org.zeofreeze.cluster.Buildout;
import org.zeofreeze.cluster.ClientDatabase;
import org.zeofreeze.cluster.Cluster;
import org.zeofreeze.cluster.DatabaseKind;
import org.zeofreeze.cluster.Storage;
import org.zeofreeze.cluster.ZeoServer;
import org.zeofreeze.cluster.ZopeClient;
import org.zeofreeze.plan.ChangeGroup;
import org.zeofreeze.plan.FileChange;
import org.zeofreeze.plan.Mode;
import org.zeofreeze.plan.MovePlan;
import org.zeofreeze.plan.Plan;
import org.zeofreeze.plan.RetirePlan;
import org.zeofreeze.plan.Secrets;

/**
 * The human-readable plan: the cluster, what is chosen, findings, then the patch, with secret
 * values (a {@code <zeoclient>} password) masked unless they are to be revealed.
 */
final class PlanPrinter {
    private final PrintWriter out;
    private final boolean reveal;

    PlanPrinter(PrintWriter out) {
        this(out, false);
    }

    PlanPrinter(PrintWriter out, boolean reveal) {
        this.out = out;
        this.reveal = reveal;
    }

    void cluster(Cluster cluster) {
        for (ZeoServer server : cluster.servers()) {
            Buildout b = cluster.buildoutOf(server.host()).orElseThrow();
            out.printf(
                    "ZEO server %s (%s), address %s%s%s%n",
                    server.name(),
                    b.relative(server.confFile()),
                    String.join(
                            ", ",
                            server.addresses().stream().map(Object::toString).toList()),
                    server.serverReadOnly() ? ", SERVER-WIDE READ-ONLY" : "",
                    server.runtime().describe().map(r -> "; " + r).orElse(""));
            for (Storage s : server.storages()) {
                out.printf(
                        "  storage %-24s %-12s %s%s%n",
                        s.name(),
                        state(cluster, s),
                        s.path() == null ? "(" + s.type() + ")" : s.path(),
                        cluster.isRoot(s.id()) ? "  [root]" : "");
            }
        }
        for (ZopeClient client : cluster.clients()) {
            Buildout b = cluster.buildoutOf(client.host()).orElseThrow();
            out.printf(
                    "Zope client %s (%s)%s%n",
                    client.name(),
                    b.relative(client.confFile()),
                    client.runtime().describe().map(r -> "; " + r).orElse(""));
            for (ClientDatabase db : client.databases()) {
                String target = db.kind() == DatabaseKind.ZEO
                        ? cluster.storageOf(client, db)
                                .map(cluster::displayName)
                                .map(n -> "storage " + n)
                                .orElse("storage '" + db.storage() + "' (not found)")
                        : db.kind().name().toLowerCase().replace('_', ' ') + ", left alone";
                out.printf(
                        "  database %-22s %-10s at %s -> %s%n",
                        db.name(),
                        db.kind() != DatabaseKind.ZEO ? "" : db.readOnly() ? "read-only" : "writable",
                        String.join(
                                ", ",
                                db.mountPoints().stream().map(Object::toString).toList()),
                        target);
            }
        }
    }

    private static String where(FileChange c) {
        return (c.host().equals("local") ? "" : c.host() + ":") + c.relativePath();
    }

    private static String state(Cluster cluster, Storage s) {
        if (cluster.frozenEverywhere(s)) {
            return "frozen";
        }
        return cluster.frozenAnywhere(s) ? "HALF-FROZEN" : "writable";
    }

    void plan(Cluster cluster, Plan plan) {
        if (!plan.findings().isEmpty()) {
            out.println();
            plan.findings().forEach(f -> out.println(f));
        }
        out.println();
        String verb = plan.mode() == Mode.FREEZE ? "Freeze" : "Thaw";
        if (plan.selected().isEmpty()) {
            out.println(verb + ": no storage needs it.");
            return;
        }
        out.println(verb + ": "
                + String.join(
                        ", ", plan.selected().stream().map(cluster::displayName).toList()));
        if (plan.isEmpty()) {
            out.println("Nothing to change: the chosen storages are already "
                    + (plan.mode() == Mode.FREEZE ? "frozen" : "writable") + " everywhere.");
            return;
        }
        Secrets secrets = Secrets.of(plan);
        // Identical changes (twenty clients of one buildout) are read once: one entry, one diff,
        // and the files it applies to. --patch and --patch-file still give every file's diff.
        List<ChangeGroup> groups = ChangeGroup.of(plan.changes());
        for (ChangeGroup g : groups) {
            out.println("  " + where(g.first())
                    + (g.shared() ? " and " + (g.files().size() - 1) + " more with the same change" : ""));
            g.first().summary().forEach(s -> out.println("      " + (reveal ? s : secrets.mask(s))));
        }
        plan.notes().forEach(n -> out.println("Note: " + n));
        for (ChangeGroup g : groups) {
            out.println();
            if (g.shared()) {
                out.println("# The same change in " + g.files().size() + " files (context lines as in the first):");
                g.files().forEach(c -> out.println("#   " + where(c)));
                out.print(reveal ? g.hunks() : secrets.mask(g.hunks()));
            } else {
                out.println("# " + where(g.first()));
                out.print(reveal ? g.first().diff() : secrets.mask(g.first().diff()));
            }
        }
        out.println();
        out.println("For patch -p1, every file in full: 'zeofreeze plan --patch' (or --patch-file FILE), "
                + "applied in the buildout directory.");
        if (!reveal && plan.patches().values().stream().anyMatch(secrets::appearIn)) {
            out.println("Note: secret values are shown as " + Secrets.MASK + "; 'zeofreeze plan --patch-file FILE' "
                    + "writes the patch as it applies.");
        }
        out.flush();
    }

    /** A move's two phases after the freeze: each file of each phase with its diff, the target's zeo.conf first. */
    void move(MovePlan move, Secrets secrets) {
        out.println();
        out.println("Move to " + move.targetHost() + " (" + move.targetBuildout()
                + "), the clients reaching its ZEO server " + move.targetServer() + " at " + move.address() + ":");
        for (MovePlan.MovedStorage m : move.storages()) {
            out.println("  " + m.name() + ": " + m.path() + (m.blobDir() == null ? "" : ", blobs " + m.blobDir())
                    + (m.present() ? " (the target's zeo.conf has it already)" : ""));
        }
        int n = 2;
        for (MovePlan.Phase phase : MovePlan.Phase.values()) {
            if (phase == MovePlan.Phase.RETIRE && !move.retires()) {
                continue; // only with --retire
            }
            out.println();
            out.println("Phase " + n++ + ", " + phase.text() + ":");
            for (FileChange c : move.changes(phase)) {
                out.println("  " + where(c));
                c.summary().forEach(s -> out.println("      " + (reveal ? s : secrets.mask(s))));
            }
            for (FileChange c : move.changes(phase)) {
                out.println();
                out.println("# " + where(c) + " (" + phase.text() + ")");
                out.print(reveal ? c.diff() : secrets.mask(c.diff()));
            }
        }
        move.notes().forEach(note -> out.println("Note: " + note));
        out.flush();
    }

    /** A retire on its own: the storages, each old server's file with its diff, the notes. */
    void retire(Cluster cluster, RetirePlan retire) {
        out.println();
        out.println("Retire from their old server: "
                + String.join(
                        ", ",
                        retire.storages().stream().map(cluster::displayName).toList()));
        for (FileChange c : retire.changes()) {
            out.println("  " + where(c));
            c.summary().forEach(s -> out.println("      " + s));
        }
        for (FileChange c : retire.changes()) {
            out.println();
            out.println("# " + where(c));
            out.print(c.diff());
        }
        retire.notes().forEach(note -> out.println("Note: " + note));
        out.flush();
    }
}
