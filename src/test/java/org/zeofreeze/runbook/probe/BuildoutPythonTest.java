package org.zeofreeze.runbook.probe;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The interpreter of a running process, read from its /proc/PID/cmdline (NUL-separated). */
class BuildoutPythonTest {
    @Test
    void aConsoleScriptRunsTheVenvsPythonWhichIsKeptAsStarted() {
        // the kernel runs a script's "#!/srv/venv/bin/python" as argv[0]: the venv's, not the link's target
        assertThat(BuildoutPython.interpreterOf("/srv/venv/bin/python\0/srv/venv/bin/runzeo\0-C\0/etc/zeo.conf\0"))
                .contains("/srv/venv/bin/python");
        assertThat(BuildoutPython.interpreterOf("/opt/py/bin/python3.11\0-m\0ZEO.runzeo\0"))
                .contains("/opt/py/bin/python3.11");
    }

    @Test
    void aCommandLineThatIsNoAbsolutePythonIsNotGuessedFrom() {
        assertThat(BuildoutPython.interpreterOf("python3\0/srv/venv/bin/runwsgi\0"))
                .isEmpty();
        assertThat(BuildoutPython.interpreterOf("/usr/bin/supervisord\0-c\0x.conf\0"))
                .isEmpty();
        assertThat(BuildoutPython.interpreterOf("/srv/bin/python-wrapper\0")).isEmpty();
        assertThat(BuildoutPython.interpreterOf("")).isEmpty();
    }
}
