package org.zeofreeze.runbook;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.zeofreeze.export.Exclusions;

/** The exported playbook's copy leaves out exactly what ZeoFreeze's own copy step leaves out, and quotes -e alike. */
class CopyExclusionsTest {
    @Test
    void theExportedCopyExcludesWhatTheCopyStepExcludes() {
        assertThat(Exclusions.NEVER_COPIED).containsExactlyElementsOf(CopyStep.NEVER_COPIED);
    }

    @Test
    void rsyncsShellCommandIsQuotedAsTheCopyStepQuotesIt() {
        List<String> ssh = List.of("ssh", "-p", "2222", "-i", "/home/a b/key", "-o", "ProxyCommand=nc 'x' %h");
        assertThat(Exclusions.shellWords(ssh)).isEqualTo(CopyStep.shellWords(ssh));
    }
}
