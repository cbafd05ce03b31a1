package org.zeofreeze.testbed;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The venv with the pinned ansible-core and ansible-lint that ./run-tests builds
 * (src/test/ansible/ansible-venv.sh), found by that script itself so that cache root and hash
 * agree. A missing venv fails the test that needs it, saying how to build it; it never skips it.
 */
public final class AnsibleVenv {
    private static final Path SCRIPT =
            Path.of("src/test/ansible/ansible-venv.sh").toAbsolutePath();

    private final Path dir;

    private AnsibleVenv(Path dir) {
        this.dir = dir;
    }

    public static AnsibleVenv locate() throws IOException, InterruptedException {
        TestCluster.Result r = TestCluster.exec(Duration.ofMinutes(1), "", List.of(SCRIPT.toString(), "--locate"));
        if (r.exit() != 0) {
            throw new AssertionError("the Ansible venv is missing ("
                    + r.output().strip() + "); run ./run-tests or " + SCRIPT + " first");
        }
        Path dir = Path.of(r.stdout().strip());
        if (!Files.isExecutable(dir.resolve("bin/ansible-playbook"))) {
            throw new AssertionError("no ansible-playbook in " + dir);
        }
        return new AnsibleVenv(dir);
    }

    public Path bin(String program) {
        return dir.resolve("bin").resolve(program);
    }

    /**
     * Runs a program of the venv in {@code workDir} with its bin first on the PATH and the given
     * further environment; Ansible's own state goes under {@code workDir/.ansible-home}.
     */
    public TestCluster.Result run(
            Path workDir, Map<String, String> env, Duration timeout, String program, String... args)
            throws IOException, InterruptedException {
        List<String> argv = new ArrayList<>(List.of(bin(program).toString()));
        argv.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(argv).directory(workDir.toFile());
        Path home = Files.createDirectories(workDir.resolve(".ansible-home"));
        pb.environment().put("PATH", dir.resolve("bin") + ":" + System.getenv("PATH"));
        pb.environment().put("ANSIBLE_HOME", home.toString());
        pb.environment().put("ANSIBLE_LOCAL_TEMP", home.resolve("tmp").toString());
        pb.environment().put("ANSIBLE_NOCOLOR", "1");
        pb.environment().put("NO_COLOR", "1");
        pb.environment().putAll(env);
        return TestCluster.exec(timeout, pb);
    }
}
