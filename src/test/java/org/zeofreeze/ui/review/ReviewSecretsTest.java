package org.zeofreeze.ui.review;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zeofreeze.plan.Plan;
import org.zeofreeze.plan.Secrets;
import org.zeofreeze.plan.Selection;
import org.zeofreeze.testing.PasswordBuildout;
import org.zeofreeze.ui.ViewModels;
import org.zeofreeze.ui.session.Session;

/** The Review page shows and copies a <zeoclient> password masked; the exported patch keeps it, privately. */
class ReviewSecretsTest {
    @TempDir
    Path dir;

    private ReviewViewModel entered() throws Exception {
        Session session =
                ViewModels.planned(PasswordBuildout.copyTo(dir.resolve("b")), dir.resolve("p"), Selection.freeze());
        ReviewViewModel model = new ReviewViewModel(session);
        model.entered();
        return model;
    }

    @Test
    void bothDiffViewsAndCopyMaskThePassword() throws Exception {
        ReviewViewModel model = entered();
        for (FileEntry file : model.files()) {
            String shown = String.join(
                            "\n",
                            file.rows().stream()
                                    .map(r -> r.oldText() + " | " + r.newText())
                                    .toList())
                    + file.diff();
            assertThat(shown).as(file.label()).doesNotContain(PasswordBuildout.DEFINED, PasswordBuildout.LITERAL);
        }
        FileEntry client2 = model.files().get(2);
        assertThat(client2.diff()).contains("password ********", "+read-only true");
        assertThat(client2.rows()).anySatisfy(r -> assertThat(r.newText()).isEqualTo("password ********"));
        model.selectedProperty().set(client2);
        assertThat(model.copyText()).contains("password ********").doesNotContain(PasswordBuildout.LITERAL);
        model.selectedProperty().set(null);
        assertThat(model.copyText()).doesNotContain(PasswordBuildout.DEFINED, PasswordBuildout.LITERAL);
    }

    @Test
    void theExportedPatchKeepsTheRealLinesAndIsReadableByItsOwnerOnly() throws Exception {
        ReviewViewModel model = entered();
        List<Path> written = model.exportPatches(dir.resolve("out"));
        assertThat(written).singleElement().satisfies(p -> {
            assertThat(Files.readString(p))
                    .contains("password " + PasswordBuildout.LITERAL)
                    .doesNotContain("********");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(p)))
                    .isEqualTo("rw-------");
        });
        model.exportPatchesTo(dir.resolve("out2"));
        assertThat(model.messageProperty().get()).contains("mode 0600", "secret");
    }

    @Test
    void theSecretsAreFoundOncePerPlanAndAnewForANewPlan() throws Exception {
        Session session =
                ViewModels.planned(PasswordBuildout.copyTo(dir.resolve("b")), dir.resolve("p"), Selection.freeze());
        Secrets first = session.secrets();
        assertThat(first.mask("password " + PasswordBuildout.LITERAL)).isEqualTo("password ********");
        assertThat(session.secrets())
                .as("the same plan: the same secrets, not searched again")
                .isSameAs(first);

        Plan plan = session.planProperty().get();
        session.planProperty()
                .set(new Plan(
                        plan.mode(), plan.selected(), plan.changes(), plan.findings(), plan.notes(), plan.before()));
        assertThat(session.secrets()).as("another plan is searched").isNotSameAs(first);
        session.planProperty().set(null);
        assertThat(session.secrets()).isSameAs(Secrets.NONE);
    }
}
