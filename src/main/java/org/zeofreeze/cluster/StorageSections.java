package org.zeofreeze.cluster;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.zeofreeze.zconfig.Section;

/**
 * What the ZODB, ZEO, zc.zlibstorage and zc.beforestorage schemas nest, and which layer's
 * {@code read-only} the opened storage honours. Measured with the real libraries: zc.zlibstorage
 * copies {@code isReadOnly} from its base, ZODB's BlobStorage proxies it (and zc.zrs 3.1's primary
 * copies it too, read in its source), so a read-only
 * {@code <filestorage>} inside them makes the served storage read-only; a {@code <demostorage>}
 * answers with its changes storage and a {@code <before>} is always read-only, so the
 * {@code <filestorage>} inside them decides nothing. On the client side the {@code <zeoclient>}
 * itself registers with the server, so its {@code read-only} is what the server sees, whatever
 * wraps it.
 */
final class StorageSections {
    /** Wrappers whose {@code isReadOnly()} is that of the one storage they hold. */
    static final Set<String> READ_ONLY_PASS_THROUGH = Set.of("zlibstorage", "serverzlibstorage", "blobstorage", "zrs");
    /** Sections the recipes wrap a client's storage in (storage-wrapper, demo-storage, before-storage). */
    static final Set<String> KNOWN_CLIENT_WRAPPERS =
            Set.of("zlibstorage", "serverzlibstorage", "blobstorage", "before", "demostorage");

    private StorageSections() {}

    /** The {@code <filestorage>} whose read-only a server storage passes through, or why there is none. */
    static Result<Section> freezeSection(Section storage) {
        Section s = storage;
        List<String> chain = new ArrayList<>();
        while (READ_ONLY_PASS_THROUGH.contains(s.type())) {
            List<Section> inner = s.sections().toList();
            if (inner.size() != 1) {
                return Result.none("a <" + s.type() + "> holding " + inner.size() + " storages");
            }
            chain.add(s.type());
            s = inner.get(0);
        }
        if (s.type().equals("filestorage")) {
            return Result.of(s);
        }
        boolean hasFileStorage = s.walk().anyMatch(x -> x.type().equals("filestorage"));
        String what = chain.isEmpty()
                ? "a <" + s.type() + ">"
                : "a <" + s.type() + "> inside <" + String.join("> <", chain) + ">";
        return Result.none(
                switch (s.type()) {
                    case "demostorage" ->
                        what + ": it is read-only only when its changes storage is, which ZeoFreeze does not set";
                    case "before" -> what + ": a zc.beforestorage view, read-only by itself";
                    default ->
                        what
                                + (hasFileStorage
                                        ? ", which ZeoFreeze does not know to pass read-only through to the "
                                                + "<filestorage> inside"
                                        : " without a <filestorage> to mark read-only");
                });
    }

    /** A {@code <zeoclient>} of a client database and the sections around it, outermost first. */
    record ZeoClientIn(Section zeoClient, List<Section> wrappers) {
        ZeoClientIn {
            wrappers = List.copyOf(wrappers);
        }

        List<Section> unknownWrappers() {
            return wrappers.stream()
                    .filter(w -> !KNOWN_CLIENT_WRAPPERS.contains(w.type()))
                    .toList();
        }
    }

    /** Every {@code <zeoclient>} inside a {@code <zodb_db>}, however deeply wrapped, in file order. */
    static List<ZeoClientIn> zeoClients(Section database) {
        List<ZeoClientIn> out = new ArrayList<>();
        collect(database, new ArrayList<>(), out);
        return out;
    }

    private static void collect(Section s, List<Section> around, List<ZeoClientIn> out) {
        for (Section inner : s.sections().toList()) {
            if (inner.type().equals("zeoclient")) {
                out.add(new ZeoClientIn(inner, around));
            } else {
                List<Section> deeper = new ArrayList<>(around);
                deeper.add(inner);
                collect(inner, deeper, out);
            }
        }
    }

    /** A value, or the reason there is none. */
    record Result<T>(T value, String reason) {
        static <T> Result<T> of(T value) {
            return new Result<>(value, null);
        }

        static <T> Result<T> none(String reason) {
            return new Result<>(null, reason);
        }

        Optional<T> found() {
            return Optional.ofNullable(value);
        }
    }
}
