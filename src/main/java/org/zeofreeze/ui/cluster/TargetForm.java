package org.zeofreeze.ui.cluster;

import java.util.stream.Stream;
import javafx.beans.Observable;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import org.zeofreeze.format.Sentences;
import org.zeofreeze.profile.MigrationTarget;
import org.zeofreeze.profile.PartFile;

/**
 * The migration target as the Cluster page edits it: where the frozen storages are copied. An
 * empty host is this computer; a section left empty is a profile without a target (a freeze
 * with no copy). A target that is no buildout ({@link HostRow.Layout#FILES}) names its ZEO
 * server's part and zeo.conf, and its directory is then its home directory. The target's own
 * process control is a {@link ControlForm} that may be the cluster's. What the page does not edit
 * (name, SSH port, rsync's -e command) is kept as the profile had it.
 */
public final class TargetForm {
    private final StringProperty address = new SimpleStringProperty("");
    private final StringProperty user = new SimpleStringProperty("");
    private final StringProperty buildoutDir = new SimpleStringProperty("");
    private final ObjectProperty<HostRow.Layout> layout = new SimpleObjectProperty<>(HostRow.Layout.BUILDOUT);
    /** The ZEO server's part; empty: {@value #SERVER_PART}. */
    private final StringProperty serverPart = new SimpleStringProperty("");

    private final StringProperty serverConfig = new SimpleStringProperty("");
    private final ControlForm control = new ControlForm(true);
    private final StringProperty zeoAddress = new SimpleStringProperty("");
    private final StringProperty bandwidth = new SimpleStringProperty("");
    private final BooleanProperty preSync = new SimpleBooleanProperty(true);
    private final StringProperty result = new SimpleStringProperty("");
    private final ObjectProperty<HostRow.Check> check = new SimpleObjectProperty<>(HostRow.Check.UNTESTED);
    private MigrationTarget original;

    /** The part a target's ZEO server goes by when none is typed. */
    public static final String SERVER_PART = "zeoserver";

    /** Shows {@code target} (null: an empty section). */
    public void load(MigrationTarget target) {
        original = target;
        address.set(target == null ? "" : target.address());
        user.set(target == null || target.user() == null ? "" : target.user());
        buildoutDir.set(target == null ? "" : target.buildoutDir());
        PartFile server = target == null ? null : target.server();
        layout.set(server == null ? HostRow.Layout.BUILDOUT : HostRow.Layout.FILES);
        serverPart.set(server == null || server.part() == null ? "" : server.part());
        serverConfig.set(server == null || server.config() == null ? "" : server.config());
        control.load(target == null ? null : target.control());
        zeoAddress.set(target == null || target.zeoAddress() == null ? "" : target.zeoAddress());
        bandwidth.set(
                target == null || target.bandwidthLimitKBps() == null
                        ? ""
                        : target.bandwidthLimitKBps().toString());
        preSync.set(target == null || target.preSyncs());
        result.set("");
        check.set(HostRow.Check.UNTESTED);
    }

    /** Nothing typed in the section: the profile has no target. */
    public boolean isEmpty() {
        return Stream.of(address, user, buildoutDir, zeoAddress, bandwidth, serverPart, serverConfig)
                .allMatch(p -> blank(p.get()));
    }

    /** The name the target goes by. */
    String name() {
        return original == null ? "target" : original.name();
    }

    /**
     * The target the section describes, with its own control (null: the cluster's); null when it is
     * empty; refused with the reason when it is not a valid one.
     */
    public MigrationTarget toTarget() {
        MigrationTarget target = build();
        return target == null ? null : target.withControl(control.toControl());
    }

    /** The target without its control, which has its own problems ({@link ControlForm#check()}). */
    private MigrationTarget build() {
        if (isEmpty()) {
            return null;
        }
        Integer limit = null;
        if (!blank(bandwidth.get())) {
            try {
                limit = Integer.valueOf(bandwidth.get().strip());
            } catch (NumberFormatException e) {
                limit = -1;
            }
            if (limit <= 0) {
                throw new IllegalArgumentException("the bandwidth limit is '"
                        + bandwidth.get().strip() + "': write a whole number of KB/s, or leave it empty for no limit");
            }
        }
        String u = blank(user.get()) ? null : user.get().strip();
        String dir = buildoutDir.get() == null ? "" : buildoutDir.get().strip();
        PartFile server = layout.get() == HostRow.Layout.FILES
                ? new PartFile(
                        blank(serverPart.get()) ? SERVER_PART : serverPart.get().strip(),
                        serverConfig.get() == null ? "" : serverConfig.get().strip(),
                        null)
                : null;
        return new MigrationTarget(
                original == null ? null : original.name(),
                address.get(),
                u,
                original == null ? null : original.port(),
                dir,
                original == null ? null : original.sshCommand(),
                limit,
                preSync.get(),
                zeoAddress.get(),
                null,
                server);
    }

    /**
     * Why the section is not a target the profile can keep; empty when it is one (or empty). Its
     * process control's problem is the control's own ({@link #control()}).
     */
    public String problem() {
        try {
            build();
            return "";
        } catch (IllegalArgumentException e) {
            String m = e.getMessage();
            return Sentences.capitalized(m);
        }
    }

    /** What the page's readiness depends on. */
    Observable[] fields() {
        return new Observable[] {
            address, user, buildoutDir, zeoAddress, bandwidth, preSync, layout, serverPart, serverConfig
        };
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    public boolean isLocal() {
        return blank(address.get());
    }

    public StringProperty addressProperty() {
        return address;
    }

    public StringProperty userProperty() {
        return user;
    }

    public StringProperty buildoutDirProperty() {
        return buildoutDir;
    }

    /** A buildout directory, or a home directory and the zeo.conf the target names. */
    public ObjectProperty<HostRow.Layout> layoutProperty() {
        return layout;
    }

    /** The ZEO server's part, when the target names its zeo.conf; empty: {@value #SERVER_PART}. */
    public StringProperty serverPartProperty() {
        return serverPart;
    }

    /** The ZEO server's zeo.conf, when the target names it. */
    public StringProperty serverConfigProperty() {
        return serverConfig;
    }

    /** The target's own process control; {@link ControlForm.Kind#SAME_AS_CLUSTER}: none of its own. */
    public ControlForm control() {
        return control;
    }

    public StringProperty zeoAddressProperty() {
        return zeoAddress;
    }

    /** KB/s; empty for no limit. */
    public StringProperty bandwidthProperty() {
        return bandwidth;
    }

    public BooleanProperty preSyncProperty() {
        return preSync;
    }

    public StringProperty resultProperty() {
        return result;
    }

    public ObjectProperty<HostRow.Check> checkProperty() {
        return check;
    }
}
