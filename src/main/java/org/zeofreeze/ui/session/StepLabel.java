package org.zeofreeze.ui.session;

import java.util.List;

/** A step as the grid shows it before it runs: the id events use, its title, the hosts it touches. */
public record StepLabel(String id, String title, List<String> hosts) {
    public StepLabel {
        hosts = List.copyOf(hosts);
    }
}
