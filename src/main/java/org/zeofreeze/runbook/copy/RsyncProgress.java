package org.zeofreeze.runbook.copy;

import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One progress line of {@code rsync --info=progress2}: {@code 1,234,567  45%  12.34MB/s  0:00:03 ...}.
 * Rates are in the units rsync prints (kB = 1024 bytes).
 */
public record RsyncProgress(long bytes, int percent, double bytesPerSecond, Duration eta) {
    private static final Pattern LINE =
            Pattern.compile("^\\s*([\\d,.]+)\\s+(\\d+)%\\s+([\\d.,]+)([kMGT]?)B/s\\s+(\\d+):(\\d{2}):(\\d{2}).*");

    public static Optional<RsyncProgress> parse(String line) {
        Matcher m = LINE.matcher(line);
        if (!m.matches()) {
            return Optional.empty();
        }
        long bytes = Long.parseLong(m.group(1).replaceAll("[,.]", ""));
        double rate = Double.parseDouble(m.group(3).replace(',', '.'))
                * switch (m.group(4)) {
                    case "k" -> 1024.0;
                    case "M" -> 1024.0 * 1024;
                    case "G" -> 1024.0 * 1024 * 1024;
                    case "T" -> 1024.0 * 1024 * 1024 * 1024;
                    default -> 1.0;
                };
        Duration eta = Duration.ofHours(Long.parseLong(m.group(5)))
                .plusMinutes(Long.parseLong(m.group(6)))
                .plusSeconds(Long.parseLong(m.group(7)));
        return Optional.of(new RsyncProgress(bytes, Integer.parseInt(m.group(2)), rate, eta));
    }
}
