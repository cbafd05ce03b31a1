package org.zeofreeze;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The layering, as the README's Architecture section states it, checked on the compiled classes:
 * the core works on any host and in any front end, the host port knows nothing of SSH, and no two
 * packages depend on each other.
 */
class ArchitectureTest {
    /** The packages that decide what a run does; "export" is listed so it is held to the rule once it exists. */
    static final String[] CORE = {
        "org.zeofreeze.zconfig..",
        "org.zeofreeze.cluster..",
        "org.zeofreeze.plan..",
        "org.zeofreeze.runbook..",
        "org.zeofreeze.apply..",
        "org.zeofreeze.discover..",
        "org.zeofreeze.profile..",
        "org.zeofreeze.export..",
        "org.zeofreeze.format.."
    };

    /** Front ends and the SSH adapter: SSHJ (net.schmizz, com.hierynomus), JavaFX, picocli and their packages. */
    static final String[] OUTSIDE = {
        "javafx..",
        "net.schmizz..",
        "com.hierynomus..",
        "picocli..",
        "org.zeofreeze.ui..",
        "org.zeofreeze.cli..",
        "org.zeofreeze.host.ssh.."
    };

    private static JavaClasses main;

    @BeforeAll
    static void importMainClasses() {
        main = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("org.zeofreeze");
    }

    static ArchRule mayNotUseTheOutside(String... packages) {
        return noClasses()
                .that()
                .resideInAnyPackage(packages)
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(OUTSIDE)
                .because("the core must run the same under the CLI, the wizard and any host");
    }

    @Test
    void theCoreImportsNoJavaFxSshjUiCliOrSshAdapter() {
        mayNotUseTheOutside(CORE).check(main);
    }

    @Test
    void theHostPortKnowsNothingOfSsh() {
        noClasses()
                .that()
                .resideInAPackage("org.zeofreeze.host")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(OUTSIDE)
                .because("runbook, apply and discover use the port; SSH is one adapter of it")
                .check(main);
    }

    @Test
    void noPackagesDependOnEachOtherInACycle() {
        slices().matching("org.zeofreeze.(**)").should().beFreeOfCycles().check(main);
    }

    /**
     * The runbook's rooms, each above the ones it uses: what a run says (event) and is given (setup),
     * its journal and lock, what a step is (step), then the process control, the outside probes and
     * the copy, the steps themselves, and on top the run service (runbook: Runs, Runbook, the runner).
     */
    static ArchRule theRunbooksRoomsAreLayered() {
        return layeredArchitecture()
                .consideringOnlyDependenciesInLayers()
                .layer("event")
                .definedBy("org.zeofreeze.runbook.event")
                .layer("setup")
                .definedBy("org.zeofreeze.runbook.setup")
                .layer("journal")
                .definedBy("org.zeofreeze.runbook.journal")
                .layer("step")
                .definedBy("org.zeofreeze.runbook.step")
                .layer("process")
                .definedBy("org.zeofreeze.runbook.process")
                .layer("probe")
                .definedBy("org.zeofreeze.runbook.probe")
                .layer("copy")
                .definedBy("org.zeofreeze.runbook.copy")
                .layer("steps")
                .definedBy("org.zeofreeze.runbook.steps")
                .layer("timeline")
                .definedBy("org.zeofreeze.runbook.timeline")
                .layer("service")
                .definedBy("org.zeofreeze.runbook")
                .whereLayer("event")
                .mayNotAccessAnyLayer()
                .whereLayer("setup")
                .mayNotAccessAnyLayer()
                .whereLayer("journal")
                .mayOnlyAccessLayers("event", "setup")
                .whereLayer("step")
                .mayOnlyAccessLayers("event", "setup", "journal")
                .whereLayer("process")
                .mayOnlyAccessLayers("event", "setup", "journal", "step")
                .whereLayer("probe")
                .mayOnlyAccessLayers("event", "setup", "journal", "step", "process")
                .whereLayer("copy")
                .mayOnlyAccessLayers("event", "setup", "journal", "step", "process")
                .whereLayer("steps")
                .mayOnlyAccessLayers("event", "setup", "journal", "step", "process", "probe", "copy")
                .whereLayer("timeline")
                .mayOnlyAccessLayers("event", "setup")
                .because("a room uses only the rooms below it, so each can be read and tested without the ones above");
    }

    @Test
    void theRunbooksRoomsUseOnlyTheRoomsBelowThem() {
        theRunbooksRoomsAreLayered().check(main);
    }

    @Test
    void theFrontEndsRunARunbookThroughTheRunServiceOnly() {
        noClasses()
                .that()
                .resideInAnyPackage("org.zeofreeze.cli..", "org.zeofreeze.ui..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "org.zeofreeze.runbook.step",
                        "org.zeofreeze.runbook.steps",
                        "org.zeofreeze.runbook.process",
                        "org.zeofreeze.runbook.probe",
                        "org.zeofreeze.runbook.copy")
                .because("the CLI and the wizard only start, resume and roll back runs (Runs) and render their events")
                .check(main);
    }

    @Test
    void theLayerRuleReportsAStepUsedBelowTheSteps() {
        // The same layers with the journal allowed nothing must report its use of the events, or the rule proves
        // nothing.
        EvaluationResult result = layeredArchitecture()
                .consideringOnlyDependenciesInLayers()
                .layer("event")
                .definedBy("org.zeofreeze.runbook.event")
                .layer("journal")
                .definedBy("org.zeofreeze.runbook.journal")
                .whereLayer("journal")
                .mayNotAccessAnyLayer()
                .evaluate(main);

        assertThat(result.hasViolation()).isTrue();
    }

    @Test
    void theRuleReportsAnImportItForbids() {
        // The same rule stated for a package that uses JavaFX must report it, or the checks above prove nothing.
        EvaluationResult result = mayNotUseTheOutside("org.zeofreeze.ui.run..").evaluate(main);

        assertThat(result.hasViolation()).isTrue();
        assertThat(result.getFailureReport().getDetails()).anyMatch(line -> line.contains("javafx."));
    }
}
