package org.zeofreeze.format;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class UnitsTest {

    @Test
    void sizesUseBinaryUnitsWithOneDecimalBelowTen() {
        assertThat(Units.bytes(0)).isEqualTo("0 B");
        assertThat(Units.bytes(1023)).isEqualTo("1023 B");
        assertThat(Units.bytes(1536)).isEqualTo("1.5 KiB");
        assertThat(Units.bytes(15L << 20)).isEqualTo("15 MiB");
        assertThat(Units.bytes(42L << 30)).isEqualTo("42 GiB");
    }

    @Test
    void aRateIsASizePerSecond() {
        assertThat(Units.rate(45.0 * (1 << 20))).isEqualTo("45 MiB/s");
        assertThat(Units.rate(-1)).isEqualTo("0 B/s");
    }

    @Test
    void shortDurationsKeepTenthsLongOnesMinutesAndHours() {
        assertThat(Units.duration(Duration.ofMillis(400))).isEqualTo("0.4 s");
        assertThat(Units.duration(Duration.ofMillis(9_940))).isEqualTo("9.9 s");
        assertThat(Units.duration(Duration.ofSeconds(42))).isEqualTo("42 s");
        assertThat(Units.duration(Duration.ofSeconds(130))).isEqualTo("2 min 10 s");
        assertThat(Units.duration(Duration.ofMinutes(65))).isEqualTo("1 h 5 min");
    }
}
