package org.zeofreeze.ui.run;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class StepGroupsTest {
    @Test
    void eachRollIsLabelledWhereItBeginsAndNothingElseIs() {
        assertThat(StepGroups.headingBefore("move-target:serve"))
                .hasValueSatisfying(h -> assertThat(h).contains("first roll", "read-only"));
        assertThat(StepGroups.headingBefore("move-target:writable"))
                .hasValueSatisfying(h -> assertThat(h).contains("second roll", "roll back is refused"));
        assertThat(StepGroups.headingBefore("move-switch:local/client1")).isEmpty();
        assertThat(StepGroups.headingBefore("move-writable:local/client1")).isEmpty();
        assertThat(StepGroups.headingBefore("roll:local/client1")).isEmpty();
        assertThat(StepGroups.headingBefore("move-retire"))
                .hasValueSatisfying(h -> assertThat(h).contains("Retire", "old server"));
    }
}
