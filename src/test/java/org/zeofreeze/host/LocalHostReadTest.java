package org.zeofreeze.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

class LocalHostReadTest {
    private final LocalHost host = new LocalHost();

    @TempDir
    Path dir;

    static Path fifo(Path dir) throws Exception {
        Path fifo = dir.resolve("fifo.conf");
        Process p = new ProcessBuilder("mkfifo", fifo.toString()).inheritIO().start();
        assertThat(p.waitFor()).isZero();
        return fifo;
    }

    @Test
    void aRegularFileWithinTheLimitIsRead() throws Exception {
        Path f = Files.writeString(dir.resolve("zeo.conf"), "<zeo>\n</zeo>\n");
        assertThat(host.readRegularFile(f.toString(), 100)).isEqualTo(Files.readAllBytes(f));
    }

    @Test
    void aSymlinkToARegularFileIsFollowed() throws Exception {
        Path f = Files.writeString(dir.resolve("real.conf"), "k v\n");
        Path link = Files.createSymbolicLink(dir.resolve("link.conf"), f);
        assertThat(host.readRegularFile(link.toString(), 100)).isEqualTo(Files.readAllBytes(f));
    }

    @Test
    @Timeout(value = 10, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void aFifoIsRefusedWithoutWaitingForAWriter() throws Exception {
        Path fifo = fifo(dir);
        assertThatThrownBy(() -> host.readRegularFile(fifo.toString(), 100))
                .isInstanceOf(IOException.class)
                .hasMessageContaining(fifo.toString())
                .hasMessageContaining("not a regular file");
    }

    @Test
    @Timeout(value = 10, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void anEndlessDeviceIsRefusedBeforeItFillsTheMemory() {
        assertThatThrownBy(() -> host.readRegularFile("/dev/zero", 16L * 1024 * 1024))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("/dev/zero")
                .hasMessageContaining("not a regular file");
    }

    @Test
    void aDirectoryIsRefused() {
        assertThatThrownBy(() -> host.readRegularFile(dir.toString(), 100)).hasMessageContaining("a directory");
    }

    @Test
    void aFileOverTheLimitIsRefusedWithTheLimit() throws Exception {
        Path big = Files.write(dir.resolve("big.conf"), new byte[101]);
        assertThatThrownBy(() -> host.readRegularFile(big.toString(), 100))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("larger than 100 bytes");
    }

    @Test
    void theDefaultReadOfOtherHostsChecksTheSameWay() throws Exception {
        Path fifo = fifo(dir);
        Path big = Files.write(dir.resolve("big.conf"), new byte[101]);
        Host viaStat = new DelegatingHost(host);
        assertThatThrownBy(() -> viaStat.readRegularFile(fifo.toString(), 100))
                .hasMessageContaining("not a regular file");
        assertThatThrownBy(() -> viaStat.readRegularFile(big.toString(), 100)).hasMessageContaining("larger than");
        assertThat(viaStat.readRegularFile(big.toString(), 101)).hasSize(101);
    }

    @Test
    @Timeout(value = 20, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void aReadThatHangsEndsInAnErrorAfterTheTimeout() throws Exception {
        // A FIFO with no writer blocks its reader in open(2): the hang of a file swapped after its check,
        // or of a dead network mount.
        Path fifo = fifo(dir);
        LocalHost patient = new LocalHost("local", Duration.ofSeconds(1));
        long start = System.nanoTime();
        try {
            assertThatThrownBy(() -> patient.readWithin(fifo.toString(), 100))
                    .isInstanceOf(IOException.class)
                    .hasMessage(fifo + ": reading took longer than 1 s");
            assertThat(Duration.ofNanos(System.nanoTime() - start))
                    .isBetween(Duration.ofMillis(900), Duration.ofSeconds(10));
        } finally {
            // let the blocked reader thread go: a writer opens and closes the FIFO
            new ProcessBuilder("sh", "-c", "exec 3>\"$1\"", "sh", fifo.toString())
                    .start()
                    .waitFor();
        }
    }

    /** A host that only has Host's default readRegularFile, as an SSH host does. */
    private record DelegatingHost(Host inner) implements Host {
        @Override
        public String name() {
            return "other";
        }

        @Override
        public List<String> list(String d) throws IOException {
            return inner.list(d);
        }

        @Override
        public byte[] read(String path) throws IOException {
            return inner.read(path);
        }

        @Override
        public Optional<FileStat> stat(String path) throws IOException {
            return inner.stat(path);
        }

        @Override
        public void writeAtomically(String path, byte[] content) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void createFile(String path, byte[] content, int mode) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void makeDirectories(String d) {
            throw new UnsupportedOperationException();
        }

        @Override
        public CommandResult run(List<String> argv, Duration timeout, OutputListener listener) {
            throw new UnsupportedOperationException();
        }
    }
}
