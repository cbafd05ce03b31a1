package org.zeofreeze.format;

import java.time.Duration;
import java.util.Locale;

/**
 * Sizes and durations as people read them, the same in the command line, the wizard and the
 * report: binary units (a storage of 1536 bytes is "1.5 KiB" everywhere), and durations with
 * tenths where a second matters (an outage of 0.4 s) and minutes or hours where it does not.
 */
public final class Units {
    private static final String[] BINARY = {"KiB", "MiB", "GiB", "TiB", "PiB"};

    private Units() {}

    /** "512 B", "1.5 KiB", "42 GiB": one decimal below ten units, none above. */
    public static String bytes(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        double value = bytes;
        int unit = -1;
        while (value >= 1024 && unit < BINARY.length - 1) {
            value /= 1024;
            unit++;
        }
        return String.format(Locale.ROOT, value < 10 ? "%.1f %s" : "%.0f %s", value, BINARY[unit]);
    }

    /** A transfer rate: "45 MiB/s". */
    public static String rate(double bytesPerSecond) {
        return bytes((long) Math.max(0, bytesPerSecond)) + "/s";
    }

    /** "0.4 s", "42 s", "2 min 10 s", "1 h 5 min". */
    public static String duration(Duration d) {
        long millis = Math.max(0, d.toMillis());
        if (millis < 10_000) {
            return String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
        }
        long secs = millis / 1000;
        if (secs < 60) {
            return secs + " s";
        }
        if (secs < 3600) {
            return secs / 60 + " min " + secs % 60 + " s";
        }
        return secs / 3600 + " h " + secs % 3600 / 60 + " min";
    }
}
