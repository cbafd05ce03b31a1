package org.zeofreeze.ui;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class QuitPromptTest {

    @Test
    void duringARunQuittingStopsAtTheNextSafePointAndNamesTheJournal() {
        QuitPrompt prompt = QuitPrompt.of(true);
        assertThat(prompt.header()).isEqualTo("Stop the run and quit?");
        assertThat(prompt.text()).contains("next safe point", "journal", "resume");
    }

    @Test
    void otherwiseItOnlyAsksWhetherToLeave() {
        QuitPrompt prompt = QuitPrompt.of(false);
        assertThat(prompt.header()).isEqualTo("Quit ZeoFreeze?");
        assertThat(prompt.text()).doesNotContain("safe point");
    }
}
