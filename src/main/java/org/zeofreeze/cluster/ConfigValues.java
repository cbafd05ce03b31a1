package org.zeofreeze.cluster;

import java.util.List;
import java.util.Locale;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.zeofreeze.zconfig.KeyValue;
import org.zeofreeze.zconfig.Section;

/** Reads typed values out of sections the way ZConfig's datatypes do, reporting what it cannot read. */
final class ConfigValues {
    private final List<Finding> findings;

    ConfigValues(List<Finding> findings) {
        this.findings = findings;
    }

    static SourceRef ref(Section section) {
        return new SourceRef(section.file(), section.lineNumber());
    }

    static SourceRef ref(KeyValue kv) {
        return new SourceRef(kv.file(), kv.lineIndex() + 1);
    }

    /** ZConfig booleans: true/false, yes/no, on/off in any case. */
    boolean bool(Section section, String key, boolean fallback) {
        List<KeyValue> values = section.values(key);
        if (values.size() > 1) {
            findings.add(new Finding(
                    Finding.Severity.WARNING,
                    section.header() + " sets '" + key + "' " + values.size()
                            + " times; ZODB will refuse it. Keep one line.",
                    values.stream().map(ConfigValues::ref).toList()));
        }
        if (values.isEmpty()) {
            return fallback;
        }
        KeyValue kv = values.get(values.size() - 1);
        switch (kv.value().toLowerCase(Locale.ROOT)) {
            case "true", "yes", "on" -> {
                return true;
            }
            case "false", "no", "off" -> {
                return false;
            }
            default -> {
                findings.add(new Finding(
                        Finding.Severity.WARNING,
                        "'" + key + " " + kv.value() + "' is not a boolean; ZConfig accepts true/false, yes/no, on/off",
                        List.of(ref(kv))));
                return fallback;
            }
        }
    }

    /**
     * A path value as ZConfig's path datatypes (existing-dirpath and the like) give it to ZEO:
     * {@code ~} and {@code ~/...} expanded with HOME, as Python's os.path.expanduser does. A home
     * that cannot be known here ({@code ~user}, or no HOME) leaves the value as written, with a warning.
     */
    String path(Section section, String key, UnaryOperator<String> environment) {
        String value = section.get(key).orElse(null);
        if (value == null || !value.startsWith("~")) {
            return value;
        }
        int slash = value.indexOf('/', 1);
        int end = slash < 0 ? value.length() : slash;
        String home = end == 1 ? environment.apply("HOME") : null;
        if (home == null) {
            KeyValue kv = section.values(key).get(section.values(key).size() - 1);
            findings.add(new Finding(
                    Finding.Severity.WARNING,
                    "'" + key + " " + value + "': ZEO expands '" + value.substring(0, end)
                            + "' to a home directory that cannot be known here; write the absolute path",
                    List.of(ref(kv))));
            return value;
        }
        String expanded = home.replaceAll("/+$", "") + value.substring(end);
        return expanded.isEmpty() ? "/" : expanded;
    }

    List<Address> addresses(Section section, String key) {
        return section.values(key).stream()
                .flatMap(kv -> {
                    try {
                        return Stream.of(Address.parse(kv.value()));
                    } catch (IllegalArgumentException e) {
                        findings.add(new Finding(Finding.Severity.WARNING, e.getMessage(), List.of(ref(kv))));
                        return Stream.empty();
                    }
                })
                .toList();
    }
}
