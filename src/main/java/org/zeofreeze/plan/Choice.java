package org.zeofreeze.plan;

import java.util.List;

/**
 * What the person chose: the mode, and storages by name ({@code catalog}) or by server and name
 * ({@code zeoserver/catalog}). No names means the default set for the mode.
 */
public record Choice(Mode mode, List<String> storages) {
    public Choice {
        storages = List.copyOf(storages);
    }

    public static Choice freeze(String... names) {
        return new Choice(Mode.FREEZE, List.of(names));
    }

    public static Choice thaw(String... names) {
        return new Choice(Mode.THAW, List.of(names));
    }
}
