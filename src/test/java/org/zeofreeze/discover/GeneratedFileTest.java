package org.zeofreeze.discover;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zeofreeze.testing.Fixtures;
import org.zeofreeze.testing.GeneratorFixtures;
import org.zeofreeze.zconfig.ConfigDocument;

/** Each tool's file recognised from its path and text as the tool writes them, and nothing else. */
class GeneratedFileTest {
    @TempDir
    Path dir;

    private static Optional<GeneratedFile> recognise(String dir, String path, String text) {
        return GeneratedFile.recognise(dir, path, ConfigDocument.of(path, text));
    }

    private static Optional<GeneratedFile> recognise(String dir, Path file) throws Exception {
        return recognise(dir, file.toString(), Files.readString(file));
    }

    @Test
    void cookiecutterZopeInstanceIsKnownByItsFirstLineWhereverTheTargetIs() throws Exception {
        Path project = GeneratorFixtures.lay("cookiecutter-zope-instance", dir);
        GeneratedFile g = recognise(project.toString(), project.resolve("instance/etc/zope.conf"))
                .orElseThrow();
        assertThat(g.generator()).isEqualTo(Generator.COOKIECUTTER_ZOPE_INSTANCE);
        assertThat(g.client()).isTrue();
        assertThat(g.everyStart()).isFalse();
        assertThat(g.rewrittenWhen()).contains("cookiecutter -f --no-input --config-file instance.yaml");
        assertThat(g.settingLives()).contains("db_zeo_read_only in instance.yaml", "<zodb_db main>");
        String text = Files.readString(project.resolve("instance/etc/zope.conf"));
        // any target directory; template versions 2.0 to 2.1 render an empty line first
        assertThat(recognise(null, "/srv/site/backend/zope-instance/etc/zope.conf", "\n" + text))
                .isPresent();
        // the marker further down (its closing comment names the tool too) is not the tool's file
        assertThat(recognise(null, "/srv/x/etc/zope.conf", "%define X 1\n" + text))
                .isEmpty();
    }

    @Test
    void plonexIsKnownByTheDirectoryItRendersIntoNamedOnTheFirstLine() throws Exception {
        Path project = GeneratorFixtures.lay("plonex", dir);
        GeneratedFile zeo = recognise(project.toString(), project.resolve("tmp/zeoserver/etc/zeo.conf"))
                .orElseThrow();
        GeneratedFile zope = recognise(project.toString(), project.resolve("tmp/runwsgi/etc/zope.conf"))
                .orElseThrow();
        assertThat(zeo.generator()).isEqualTo(Generator.PLONEX);
        assertThat(zeo.client()).isFalse();
        assertThat(zeo.service()).isEqualTo("zeoserver");
        assertThat(zeo.everyStart()).isTrue();
        assertThat(zeo.rewrittenWhen()).contains("every time it starts the service 'zeoserver'");
        assertThat(zeo.settingLives()).contains("no setting", "<filestorage 1>");
        assertThat(zope.generator()).isEqualTo(Generator.PLONEX);
        assertThat(zope.client()).isTrue();
        assertThat(zope.service()).isEqualTo("runwsgi");
        assertThat(zope.settingLives()).contains("zope_conf_additional in etc/plonex.yml");
        // the same text copied elsewhere names another directory: not plonex's file any more
        String text = Files.readString(project.resolve("tmp/zeoserver/etc/zeo.conf"));
        assertThat(recognise(null, "/srv/copy/tmp/zeoserver/etc/zeo.conf", text))
                .isEmpty();
        assertThat(recognise(null, project + "/parts/zeoserver/etc/zeo.conf", text))
                .isEmpty();
    }

    @Test
    void theImagesAreKnownAtAppEtcZeoConfAndTheirSectionSaysServerOrClient() throws Exception {
        String zeo = Files.readString(Fixtures.path("generators/plone-zeo/app/etc/zeo.conf"));
        String backend = Files.readString(Fixtures.path("generators/plone-backend/app/etc/zeo.conf"));
        GeneratedFile server = recognise("/app", "/app/etc/zeo.conf", zeo).orElseThrow();
        GeneratedFile client = recognise("/app", "/app/etc/zeo.conf", backend).orElseThrow();
        assertThat(server.generator()).isEqualTo(Generator.PLONE_ZEO_IMAGE);
        assertThat(server.client()).isFalse();
        assertThat(server.settingLives())
                .contains("ZEO_READ_ONLY", "server-wide", "can never freeze the mounted storages alone");
        assertThat(client.generator()).isEqualTo(Generator.PLONE_BACKEND_IMAGE);
        assertThat(client.client()).isTrue();
        assertThat(client.what()).contains("client configuration despite its name");
        assertThat(client.settingLives()).contains("ZEO_READ_ONLY", "root database", "/app/etc/zope.conf.d/");
        assertThat(server.everyStart()).isTrue();
        assertThat(client.everyStart()).isTrue();
        // a copy outside the image is the admin's own file; a read-only written out is not the image's
        assertThat(recognise("/srv/zeo", "/srv/zeo/etc/zeo.conf", zeo)).isEmpty();
        assertThat(recognise("/app", "/app/etc/zeo.conf", zeo.replace("$(ZEO_READ_ONLY)", "false")))
                .isEmpty();
    }

    @Test
    void everythingBelowABuildoutsPartsIsTheBuildouts() throws Exception {
        String zeo = Files.readString(Fixtures.path("generated/zeo.conf"));
        String zope = Files.readString(Fixtures.path("generated/client1-zope.conf"));
        String b = "/usr/local/Plone/zeocluster";
        GeneratedFile server =
                recognise(b, b + "/parts/zeoserver/etc/zeo.conf", zeo).orElseThrow();
        assertThat(server.generator()).isEqualTo(Generator.BUILDOUT);
        assertThat(server.client()).isFalse();
        assertThat(server.everyStart()).isFalse();
        assertThat(server.settingLives()).contains("zeo-conf-additional");
        assertThat(recognise(b + "/", b + "/parts/client1/etc/zope.conf", zope)
                        .orElseThrow()
                        .settingLives())
                .contains("zope-conf-additional");
        // a file the buildout includes from elsewhere is not rewritten by it
        assertThat(recognise(b, "/etc/zope/shared.conf", zope)).isEmpty();
        assertThat(recognise(b, b + "/etc/zope.conf", zope)).isEmpty();
    }
}
