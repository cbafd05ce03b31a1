package org.zeofreeze.bench;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.zeofreeze.host.ShellQuote;

/**
 * OpenSSH doing what discovery does, as the reference discovery is measured against: one
 * {@code ssh HOST cat FILES} per host (the files discovery reads there), all started at once by one
 * shell, timed by that shell from the first start to the last end. Options as ZeoFreeze connects:
 * batch mode, the one identity, the same known_hosts checked strictly, a fresh connection each
 * time (no ControlMaster), no compression, no agent, no user config; and, once pinned with
 * {@link #withAlgorithms}, the key exchange, host key type and cipher ZeoFreeze's SSHJ negotiates.
 */
final class OpenSshReference {
    /** One host: where to connect and the files to print, with the bytes they hold together. */
    record Host(String user, String address, int port, List<String> files, long bytes) {}

    /** A run: seconds from the first ssh started to the last ended, and the shell's and ssh's CPU. */
    record Run(double seconds, double clientCpuSeconds) {}

    private final Path dir;
    private final Path identity;
    private final Path knownHosts;
    private final List<String> algorithms;

    OpenSshReference(Path dir, Path identity, Path knownHosts) {
        this(dir, identity, knownHosts, List.of());
    }

    private OpenSshReference(Path dir, Path identity, Path knownHosts, List<String> algorithms) {
        this.dir = dir;
        this.identity = identity;
        this.knownHosts = knownHosts;
        this.algorithms = algorithms;
    }

    /** The same, offering only these algorithms (OpenSSH's names), as SSHJ ends up using them. */
    OpenSshReference withAlgorithms(String kex, String hostKey, String cipher) {
        return new OpenSshReference(
                dir,
                identity,
                knownHosts,
                List.of(
                        "-o", "KexAlgorithms=" + kex,
                        "-o", "HostKeyAlgorithms=" + hostKey,
                        "-o", "Ciphers=" + cipher));
    }

    /** The options both the timed runs and the algorithm probe use. */
    List<String> options(Host h) {
        List<String> options = new ArrayList<>(algorithms);
        options.addAll(List.of(
                "-F",
                "/dev/null",
                "-n",
                "-T",
                "-o",
                "BatchMode=yes",
                "-o",
                "IdentitiesOnly=yes",
                "-o",
                "IdentityAgent=none",
                "-i",
                identity.toString(),
                "-o",
                "StrictHostKeyChecking=yes",
                "-o",
                "UserKnownHostsFile=" + knownHosts,
                "-o",
                "GlobalKnownHostsFile=/dev/null",
                "-o",
                "UpdateHostKeys=no",
                "-o",
                "ControlMaster=no",
                "-o",
                "ControlPath=none",
                "-o",
                "Compression=no",
                "-o",
                "LogLevel=ERROR",
                "-p",
                Integer.toString(h.port()),
                "-l",
                h.user()));
        return options;
    }

    /** Runs ssh to every host at once and checks each printed exactly its files' bytes. */
    Run run(List<Host> hosts) throws IOException, InterruptedException {
        StringBuilder script = new StringBuilder("start=$EPOCHREALTIME\npids=()\n");
        for (int i = 0; i < hosts.size(); i++) {
            Host h = hosts.get(i);
            List<String> argv = new ArrayList<>(List.of("ssh"));
            argv.addAll(options(h));
            argv.add(h.address());
            argv.add(ShellQuote.join(cat(h.files())));
            script.append(ShellQuote.join(argv))
                    .append(" >")
                    .append(out(i))
                    .append(" 2>")
                    .append(err(i))
                    .append(" & pids+=($!)\n");
        }
        script.append("fail=0\nfor p in \"${pids[@]}\"; do wait \"$p\" || fail=1; done\n")
                .append("echo \"$start $EPOCHREALTIME\"\nexit $fail\n");
        Path file = Files.writeString(dir.resolve("ssh-" + hosts.size() + ".sh"), script.toString());
        double cpuBefore = CpuTime.childrenSeconds(ProcessHandle.current().pid());
        Process p = new ProcessBuilder("bash", file.toString())
                .redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .start();
        String printed = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        int exit = p.waitFor();
        double cpu = CpuTime.childrenSeconds(ProcessHandle.current().pid()) - cpuBefore;
        if (exit != 0) {
            StringBuilder why = new StringBuilder("ssh failed:");
            for (int i = 0; i < hosts.size(); i++) {
                String e = Files.readString(err(i)).trim();
                if (!e.isEmpty()) {
                    why.append("\n  ")
                            .append(hosts.get(i).address())
                            .append(": ")
                            .append(e);
                }
            }
            throw new IOException(why.toString());
        }
        for (int i = 0; i < hosts.size(); i++) {
            long got = Files.size(out(i));
            if (got != hosts.get(i).bytes()) {
                throw new IOException("ssh to " + hosts.get(i).address() + " printed " + got + " bytes, expected "
                        + hosts.get(i).bytes());
            }
        }
        String[] times = printed.substring(printed.lastIndexOf('\n') + 1).split(" ");
        return new Run(Double.parseDouble(times[1]) - Double.parseDouble(times[0]), cpu);
    }

    /** The key exchange, host key and cipher ssh negotiates with this host (as configured), from {@code ssh -v}. */
    String negotiated(Host h) throws IOException, InterruptedException {
        List<String> argv = new ArrayList<>(List.of("ssh", "-v"));
        argv.addAll(options(h).stream()
                .map(o -> o.equals("LogLevel=ERROR") ? "LogLevel=DEBUG1" : o)
                .toList());
        argv.addAll(List.of(h.address(), "true"));
        Process p = new ProcessBuilder(argv)
                .redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor();
        String kex = "?";
        String hostKey = "?";
        String cipher = "?";
        for (String line : out.split("\n")) {
            line = line.trim();
            if (line.startsWith("debug1: kex: algorithm: ")) {
                kex = line.substring("debug1: kex: algorithm: ".length());
            } else if (line.startsWith("debug1: kex: host key algorithm: ")) {
                hostKey = line.substring("debug1: kex: host key algorithm: ".length());
            } else if (line.startsWith("debug1: kex: client->server cipher: ")) {
                cipher = line.substring("debug1: kex: client->server cipher: ".length());
            }
        }
        return "kex " + kex + ", host key " + hostKey + ", cipher " + cipher.replace(" compression: none", "");
    }

    private static List<String> cat(List<String> files) {
        List<String> argv = new ArrayList<>(List.of("cat", "--"));
        argv.addAll(files);
        return argv;
    }

    private Path out(int i) {
        return dir.resolve("ssh-out-" + i);
    }

    private Path err(int i) {
        return dir.resolve("ssh-err-" + i);
    }
}
