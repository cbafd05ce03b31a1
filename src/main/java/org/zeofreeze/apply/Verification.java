package org.zeofreeze.apply;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import org.zeofreeze.cluster.Cluster;
import org.zeofreeze.cluster.Storage;
import org.zeofreeze.cluster.StorageId;
import org.zeofreeze.discover.Discovery;
import org.zeofreeze.plan.Choice;
import org.zeofreeze.plan.Mode;
import org.zeofreeze.plan.Plan;
import org.zeofreeze.plan.PlanException;
import org.zeofreeze.plan.Planner;
import org.zeofreeze.plan.ReadOnlyState;

/**
 * After writing: read the cluster again and check it is what the plan promised, everywhere: the
 * chosen storages (on the server and in every database that opens them) frozen or thawed, and
 * every other storage, database and {@code <zeo>} exactly as read before, the root above all.
 */
public final class Verification {
    private Verification() {}

    /** Problems found, none when the re-read cluster matches the plan. */
    public static List<String> check(Discovery after, Plan plan) {
        List<String> problems = new ArrayList<>();
        Cluster cluster = after.cluster();
        for (StorageId id : plan.selected()) {
            Storage storage = cluster.storage(id).orElse(null);
            if (storage == null) {
                problems.add("storage " + id + " is gone after the edit");
                continue;
            }
            boolean ok =
                    plan.mode() == Mode.FREEZE ? cluster.frozenEverywhere(storage) : !cluster.frozenAnywhere(storage);
            if (!ok) {
                problems.add("storage " + id + " is not " + (plan.mode() == Mode.FREEZE ? "frozen" : "writable")
                        + " everywhere after the edit");
            }
        }
        Map<String, Boolean> now = ReadOnlyState.of(cluster, plan.selected()).readOnly();
        plan.before().expected(plan.mode()).forEach((place, expected) -> {
            Boolean actual = now.get(place);
            if (actual == null) {
                problems.add(place + " is gone after the edit");
            } else if (!actual.equals(expected)) {
                boolean chosen = plan.before().chosenPlaces().contains(place);
                problems.add(
                        chosen
                                ? place + " should be " + state(expected) + " after the edit but is not"
                                : place + " was not to change but is now " + state(actual) + " (it was "
                                        + state(expected) + ")");
            }
        });
        now.keySet().stream()
                .filter(place -> !plan.before().readOnly().containsKey(place))
                .forEach(place -> problems.add(place + " appeared after the edit"));
        try {
            Plan again = new Planner().plan(after, new Choice(plan.mode(), new LinkedHashSet<>(plan.selected())));
            if (!again.isEmpty()) {
                problems.add("planning again still finds changes in "
                        + again.changes().stream().map(c -> c.path()).toList());
            }
        } catch (PlanException e) {
            problems.add(e.getMessage());
        }
        return problems;
    }

    private static String state(boolean readOnly) {
        return readOnly ? "read-only" : "writable";
    }
}
