package org.zeofreeze.runbook.timeline;

import java.time.Instant;

/** A window of the run drawn under the lanes: the maintenance window, a storage's read-only window. */
public sealed interface Bar {
    /** Still open at the run's end: drawn lighter, with a dashed edge. */
    default boolean open() {
        return this instanceof Maintenance m && !m.closed()
                || this instanceof ReadOnly r && !r.verified()
                || this instanceof Moved v && !v.writable();
    }

    /** The row's label beside the bar. */
    default String rowLabel() {
        return this instanceof Maintenance ? "maintenance window" : label() + " read-only";
    }

    String label();

    Instant from();

    Instant to();

    /** As {@code #rrggbb}: purple for maintenance, grey for read-only, apart from the lanes' colours. */
    String MAINTENANCE_COLOUR = "#8250df";

    String READ_ONLY_COLOUR = "#57606a";

    /** As {@code #rrggbb}. */
    String colour();

    /**
     * From the maintenance-on step to the maintenance-off step. {@code closed}: the run switched
     * it off (or undid it); otherwise it was still on when the run ended.
     */
    record Maintenance(Instant from, Instant to, boolean closed) implements Bar {
        @Override
        public String label() {
            return "maintenance";
        }

        @Override
        public String colour() {
            return MAINTENANCE_COLOUR;
        }
    }

    /** A storage's read-only window, of a copy or of a move: labelled by the storage, drawn grey. */
    sealed interface StorageBar extends Bar {
        /** As {@code name@host}. */
        String storage();

        @Override
        default String label() {
            return storage();
        }

        @Override
        default String colour() {
            return READ_ONLY_COLOUR;
        }
    }

    /**
     * How long a storage ({@code name@host}) was read-only before its copy on the migration target
     * was verified; {@code verified} false: not verified, read-only until the run's end at least.
     */
    record ReadOnly(String storage, Instant from, Instant to, boolean verified) implements StorageBar {}

    /**
     * How long a moved storage ({@code name@host}) was read-only: from the freeze until its last
     * client was writable at the new server; {@code writable} false: not yet by the run's end.
     */
    record Moved(String storage, Instant from, Instant to, boolean writable) implements StorageBar {}
}
