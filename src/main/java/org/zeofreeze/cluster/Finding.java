package org.zeofreeze.cluster;

import java.util.List;

/** Something in the cluster that does not add up, with the lines it comes from. */
public record Finding(Severity severity, String message, List<SourceRef> sources) {
    public enum Severity {
        WARNING,
        DANGER
    }

    public Finding {
        sources = List.copyOf(sources);
    }

    @Override
    public String toString() {
        String where = sources.isEmpty()
                ? ""
                : " ("
                        + String.join(
                                ", ", sources.stream().map(SourceRef::toString).toList()) + ")";
        return (severity == Severity.DANGER ? "DANGER: " : "warning: ") + message + where;
    }
}
