package org.zeofreeze.cli;

import java.io.PrintWriter;
import org.zeofreeze.plan.Secrets;
import org.zeofreeze.runbook.event.RunListener;
import picocli.CommandLine.Option;

/**
 * {@code --events text|json} of run, resume and rollback. With json, standard output carries only
 * the events, one JSON object per line, and the human text (plan, questions, notes) goes to
 * standard error.
 */
final class EventsOption {
    @Option(
            names = "--events",
            paramLabel = "text|json",
            defaultValue = "text",
            description = "text (default): lines for a person; json: one JSON object per event on standard output "
                    + "(schema: docs/run-events.schema.json), the rest on standard error.")
    String events;

    /** Null when the value is neither text nor json (said on {@code err}). */
    Boolean json(PrintWriter err) {
        if (events.equals("json") || events.equals("text")) {
            return events.equals("json");
        }
        err.println("zeofreeze: --events must be text or json, not '" + events + "'");
        return null;
    }

    static PrintWriter human(boolean json, PrintWriter out, PrintWriter err) {
        return json ? err : out;
    }

    static RunListener listener(boolean json, PrintWriter out, Secrets secrets) {
        return json ? new JsonEvents(out, secrets) : new EventPrinter(out, secrets);
    }
}
