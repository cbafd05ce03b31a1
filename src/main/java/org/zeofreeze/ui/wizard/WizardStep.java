package org.zeofreeze.ui.wizard;

import java.util.function.Supplier;
import javafx.scene.Node;

/** One page of the wizard: its title in the step list, its view-model and how to build its view. */
public record WizardStep(String title, PageModel model, Supplier<Node> view) {}
