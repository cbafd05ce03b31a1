package org.zeofreeze.ui.choose;

import javafx.beans.property.BooleanProperty;
import javafx.beans.property.SimpleBooleanProperty;
import org.zeofreeze.cluster.StorageId;

/**
 * A storage as the Choose page offers it. A locked option ({@code lockReason} set) cannot be
 * selected: the root in freeze mode, a storage already frozen, one without a FileStorage.
 */
public final class StorageOption {
    private final StorageId id;
    private final String displayName;
    private final String detail;
    private final boolean root;
    private final boolean frozen;
    private final String lockReason;
    private final BooleanProperty selected = new SimpleBooleanProperty();

    public StorageOption(
            StorageId id, String displayName, String detail, boolean root, boolean frozen, String lockReason) {
        this.id = id;
        this.displayName = displayName;
        this.detail = detail;
        this.root = root;
        this.frozen = frozen;
        this.lockReason = lockReason;
        // Whoever sets it (a click, a binding, a test), a locked option stays unselected.
        selected.addListener((o, was, now) -> {
            if (now && locked()) {
                selected.set(false);
            }
        });
    }

    public StorageId id() {
        return id;
    }

    public String displayName() {
        return displayName;
    }

    public String detail() {
        return detail;
    }

    public boolean root() {
        return root;
    }

    public boolean frozen() {
        return frozen;
    }

    public boolean locked() {
        return lockReason != null;
    }

    public String lockReason() {
        return lockReason;
    }

    public BooleanProperty selectedProperty() {
        return selected;
    }
}
