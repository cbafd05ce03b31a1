package org.zeofreeze.ui.cluster;

import java.util.stream.Stream;
import javafx.beans.Observable;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import org.zeofreeze.profile.MigrationTarget;

/**
 * The migration target as the Cluster page edits it: where the frozen storages are copied. An
 * empty host is this computer; a section left empty is a profile without a target (a freeze
 * with no copy). What the page does not edit (name, SSH port, rsync's -e command) is kept as the
 * profile had it.
 */
public final class TargetForm {
    private final StringProperty address = new SimpleStringProperty("");
    private final StringProperty user = new SimpleStringProperty("");
    private final StringProperty buildoutDir = new SimpleStringProperty("");
    private final StringProperty zeoAddress = new SimpleStringProperty("");
    private final StringProperty bandwidth = new SimpleStringProperty("");
    private final BooleanProperty preSync = new SimpleBooleanProperty(true);
    private final StringProperty result = new SimpleStringProperty("");
    private final ObjectProperty<HostRow.Check> check = new SimpleObjectProperty<>(HostRow.Check.UNTESTED);
    private MigrationTarget original;

    /** Shows {@code target} (null: an empty section). */
    public void load(MigrationTarget target) {
        original = target;
        address.set(target == null ? "" : target.address());
        user.set(target == null || target.user() == null ? "" : target.user());
        buildoutDir.set(target == null ? "" : target.buildoutDir());
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
        return Stream.of(address, user, buildoutDir, zeoAddress, bandwidth).allMatch(p -> blank(p.get()));
    }

    /** The target the section describes; null when it is empty; refused with the reason when it is not a valid one. */
    public MigrationTarget toTarget() {
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
                // what the form does not show is kept as the profile has it: the target's own
                // control, and the zeo.conf a target that is no buildout names
                original == null ? null : original.control(),
                original == null ? null : original.server());
    }

    /** Why the section is not a target the profile can keep; empty when it is one (or empty). */
    public String problem() {
        try {
            toTarget();
            return "";
        } catch (IllegalArgumentException e) {
            String m = e.getMessage();
            return Character.toUpperCase(m.charAt(0)) + m.substring(1);
        }
    }

    /** What the page's readiness depends on. */
    Observable[] fields() {
        return new Observable[] {address, user, buildoutDir, zeoAddress, bandwidth, preSync};
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
