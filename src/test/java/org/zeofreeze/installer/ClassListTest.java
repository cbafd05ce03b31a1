package org.zeofreeze.installer;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The class list the packages make their start-up archive of (installer/linux/zeofreeze.classlist)
 * is the wizard's start as it is now: a class renamed or removed since it was recorded is found
 * here, and the list is recorded again with installer/linux/classlist.sh.
 */
class ClassListTest {
    private static final Path LIST = Path.of("installer/linux/zeofreeze.classlist");

    private static List<String> classes() throws Exception {
        return Files.readAllLines(LIST).stream()
                .filter(l -> !l.isBlank() && !l.startsWith("#") && !l.startsWith("@"))
                .map(l -> l.split(" ")[0])
                .toList();
    }

    @Test
    void namesTheClassesTheWizardLoadsBeforeItsFirstPage() throws Exception {
        assertThat(classes())
                .hasSizeGreaterThan(2000)
                .contains(
                        "org/zeofreeze/ui/Launcher",
                        "org/zeofreeze/ui/App",
                        "org/zeofreeze/ui/cluster/ClusterPage",
                        "javafx/scene/control/skin/LabelSkin",
                        "atlantafx/base/theme/PrimerLight");
    }

    @Test
    void everyClassOfOursInItStillExists() throws Exception {
        List<String> ours =
                classes().stream().filter(c -> c.startsWith("org/zeofreeze/")).toList();
        assertThat(ours).isNotEmpty();
        assertThat(ours)
                .as("classes of the list that no longer exist: run installer/linux/classlist.sh")
                .allSatisfy(c -> assertThat(ClassListTest.class.getClassLoader().getResource(c + ".class"))
                        .as(c)
                        .isNotNull());
    }
}
