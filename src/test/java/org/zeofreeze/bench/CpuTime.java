package org.zeofreeze.bench;

import com.sun.management.OperatingSystemMXBean;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU time used, so a figure taken on a busy machine can be told apart from the work itself: this
 * JVM's, and a process's own plus that of its ended children (from /proc, in clock ticks of 10 ms).
 */
final class CpuTime {
    private CpuTime() {}

    static double thisJvmSeconds() {
        var os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        return os.getProcessCpuTime() / 1e9;
    }

    /** utime + stime + cutime + cstime of a process, in seconds; 0 if it is gone. */
    static double processWithChildrenSeconds(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            // fields 14..17 of stat; after the command name they start at index 11
            long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]) + Long.parseLong(f[13]) + Long.parseLong(f[14]);
            return ticks / 100.0;
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    /**
     * cutime + cstime of a process: the CPU of its children that have ended and been waited for, in
     * seconds; 0 if it is gone.
     */
    static double childrenSeconds(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(f[13]) + Long.parseLong(f[14])) / 100.0;
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    /** The 1-minute load average, to print beside figures taken on a shared machine. */
    static double loadAverage() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }
}
