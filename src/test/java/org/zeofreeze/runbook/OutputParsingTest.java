package org.zeofreeze.runbook;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.zeofreeze.host.CommandResult;
import org.zeofreeze.runbook.copy.CopyRules;
import org.zeofreeze.runbook.copy.RsyncProgress;
import org.zeofreeze.runbook.process.HttpAddress;
import org.zeofreeze.runbook.process.ProcessProbe;

/** What the runbook reads from the tools it drives: rsync, zdaemon, supervisorctl, wsgi.ini. */
class OutputParsingTest {

    @Test
    void systemctlShowIsReadByItsPropertiesNotByWords() {
        // what `systemctl show --property=ActiveState,SubState,MainPID -- UNIT` prints (in its own order)
        CommandResult up = new CommandResult(0, "MainPID=4711\nActiveState=active\nSubState=running\n", "");
        assertThat(ProcessProbe.running(up)).isTrue();
        assertThat(ProcessProbe.pid(up)).contains(4711L);
        CommandResult down = new CommandResult(0, "MainPID=0\nActiveState=inactive\nSubState=dead\n", "");
        assertThat(ProcessProbe.running(down)).isFalse(); // "MainPID" is no pid of a running process
        assertThat(ProcessProbe.pid(down)).isEmpty();
        assertThat(ProcessProbe.running(
                        new CommandResult(0, "MainPID=4711\nActiveState=activating\nSubState=start\n", "")))
                .isFalse();
        assertThat(ProcessProbe.running(new CommandResult(0, "MainPID=0\nActiveState=failed\nSubState=failed\n", "")))
                .isFalse();
    }

    @Test
    void rsyncProgress2LinesGiveBytesRateAndEta() {
        RsyncProgress p = RsyncProgress.parse("    123,456,789  45%   12.50MB/s    0:01:05 (xfr#1, to-chk=0/1)")
                .orElseThrow();
        assertThat(p.bytes()).isEqualTo(123_456_789L);
        assertThat(p.percent()).isEqualTo(45);
        assertThat(p.bytesPerSecond()).isEqualTo(12.5 * 1024 * 1024);
        assertThat(p.eta()).isEqualTo(Duration.ofSeconds(65));
        assertThat(RsyncProgress.parse("          1,024 100%    0.00kB/s    0:00:00")
                        .orElseThrow()
                        .bytesPerSecond())
                .isZero();
        assertThat(RsyncProgress.parse("sending incremental file list")).isEmpty();
    }

    @Test
    void zdaemonAndSupervisorStatusesAreRead() {
        assertThat(ProcessProbe.running(new CommandResult(0, "program running; pid=4242\n", "")))
                .isTrue();
        assertThat(ProcessProbe.pid(new CommandResult(0, "program running; pid=4242\n", "")))
                .contains(4242L);
        assertThat(ProcessProbe.running(new CommandResult(3, "daemon manager not running\n", "")))
                .isFalse();
        assertThat(ProcessProbe.running(new CommandResult(0, "instance1  RUNNING   pid 77, uptime 0:01:02\n", "")))
                .isTrue();
        assertThat(ProcessProbe.running(new CommandResult(3, "instance1  STOPPED   Nov 25 05:00 PM\n", "")))
                .isFalse();
        assertThat(ProcessProbe.running(new CommandResult(1, "", "No such file or directory")))
                .isFalse();
    }

    @Test
    void theHttpAddressComesFromWsgiIni() {
        assertThat(HttpAddress.parse("[server:main]\nfast-listen = 127.0.0.1:8101\nthreads = 4\n"))
                .contains("127.0.0.1:8101");
        assertThat(HttpAddress.parse("[server:main]\nlisten = 0.0.0.0:8080\n")).contains("127.0.0.1:8080");
        assertThat(HttpAddress.parse("[server:main]\nhost = 10.0.0.5\nport = 8082\n"))
                .contains("10.0.0.5:8082");
        assertThat(HttpAddress.parse("[app:zope]\n")).isEmpty();
    }

    @Test
    void rsyncsRemoteShellIsQuotedWordByWord() {
        assertThat(CopyRules.shellWords(List.of("ssh", "-i", "/keys/my key", "-o", "BatchMode=yes")))
                .isEqualTo("ssh -i '/keys/my key' -o BatchMode=yes");
        assertThat(CopyRules.shellWords(List.of("ssh", "it's"))).isEqualTo("ssh 'it'\\''s'");
    }
}
