package org.zeofreeze.bench;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The wizard's launch as a person sees it: on an Xvfb server of its own (display :57 or the next
 * free one, started and stopped here), from the exec of the process to its window mapped, and to
 * the window's pixels holding the first page.
 *
 * <p>Mapped: {@code xev} watches the root window's children (SubstructureNotify) for the whole
 * session, so the MapNotify of the window is timed when the server sends it, without polling; the
 * window must be an InputOutput window named "ZeoFreeze" (GTK's input-only leader window, also
 * named so, is never mapped). Painted: from then on {@code xwd} grabs the window again and again
 * (10 ms apart) until its pixels hold at least 16 distinct values, as a page with text does and an
 * empty or filled window does not; the time taken is the end of that grab, so the figure is at
 * most one grab late, never early.
 */
final class XvfbLaunch implements AutoCloseable {
    private static final int FIRST_DISPLAY = 57;
    private static final int COLOURS = 16;
    private static final String TITLE = "ZeoFreeze";
    private static final Pattern MAPPED = Pattern.compile("window (0x[0-9a-f]+), override");

    record Launch(double mappedMs, double paintedMs) {}

    private record Mapped(String window, long nanos) {}

    private final String display;
    private final Process xvfb;
    private final Process xev;
    private final BlockingQueue<Mapped> maps = new LinkedBlockingQueue<>();

    private XvfbLaunch(String display, Process xvfb, Process xev) {
        this.display = display;
        this.xvfb = xvfb;
        this.xev = xev;
        Thread reader = new Thread(this::readMaps, "xev");
        reader.setDaemon(true);
        reader.start();
    }

    /** Starts Xvfb on the first free display from :57 on, and xev on its root window. */
    static XvfbLaunch start(Path log) throws Exception {
        int n = FIRST_DISPLAY;
        while (Files.exists(Path.of("/tmp/.X11-unix/X" + n)) || Files.exists(Path.of("/tmp/.X" + n + "-lock"))) {
            n++;
        }
        String display = ":" + n;
        Process xvfb = new ProcessBuilder("Xvfb", display, "-screen", "0", "1280x1024x24", "-nolisten", "tcp")
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        Path socket = Path.of("/tmp/.X11-unix/X" + n);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!Files.exists(socket) && xvfb.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        Process xev = null;
        try {
            if (!Files.exists(socket)) {
                throw new IOException("Xvfb " + display + " did not start:\n" + Files.readString(log));
            }
            xev = new ProcessBuilder("xev", "-display", display, "-root", "-event", "substructure")
                    .redirectErrorStream(true)
                    .start();
            // xev has selected the events once it is connected; it prints nothing until one comes.
            Thread.sleep(1000);
            if (!xev.isAlive()) {
                throw new IOException("xev on " + display + " exited: "
                        + new String(xev.getInputStream().readAllBytes()));
            }
            return new XvfbLaunch(display, xvfb, xev);
        } catch (Exception e) {
            stop(xev);
            stop(xvfb);
            throw e;
        }
    }

    String display() {
        return display;
    }

    /**
     * Runs {@code argv} (with DISPLAY set to this server and the extra environment), times its
     * window mapped and painted from the exec, then ends the process.
     */
    Launch launch(List<String> argv, Map<String, String> env, Path log) throws Exception {
        maps.clear();
        ProcessBuilder pb = new ProcessBuilder(argv)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        pb.environment().putAll(env);
        pb.environment().put("DISPLAY", display);
        long start = System.nanoTime();
        Process app = pb.start();
        try {
            long deadline = start + TimeUnit.SECONDS.toNanos(60);
            Mapped mapped = null;
            while (mapped == null && System.nanoTime() < deadline) {
                Mapped m = maps.poll(100, TimeUnit.MILLISECONDS);
                if (m != null && isAppWindow(m.window())) {
                    mapped = m;
                } else if (m == null && !app.isAlive()) {
                    throw new IOException(argv.get(0) + " exited " + app.exitValue()
                            + " before its window was mapped:\n" + Files.readString(log));
                }
            }
            if (mapped == null) {
                throw new IOException("no window '" + TITLE + "' mapped within 60 s:\n" + Files.readString(log));
            }
            while (System.nanoTime() < deadline) {
                byte[] image = grab(mapped.window());
                long grabbed = System.nanoTime();
                if (image != null && distinctPixels(image) >= COLOURS) {
                    return new Launch((mapped.nanos() - start) / 1e6, (grabbed - start) / 1e6);
                }
                Thread.sleep(10);
            }
            throw new IOException(
                    "window '" + TITLE + "' mapped, but nothing painted in it within 60 s:\n" + Files.readString(log));
        } finally {
            stop(app);
        }
    }

    /** A mapped window drawn into (not GTK's input-only leader) and named like the wizard. */
    private boolean isAppWindow(String id) throws Exception {
        String info = Shell.run(10, "xwininfo", "-display", display, "-id", id).output();
        return info.contains("\"" + TITLE) && info.contains("Class: InputOutput");
    }

    private byte[] grab(String id) throws Exception {
        Process p = new ProcessBuilder("xwd", "-silent", "-display", display, "-id", id)
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        byte[] out = p.getInputStream().readAllBytes();
        return p.waitFor() == 0 ? out : null;
    }

    /**
     * Distinct pixel values in an XWD image, counted up to {@value #COLOURS}. The header is 25
     * big-endian 32-bit fields followed by the window name (header_size covers both), then
     * ncolors 12-byte colour entries, then the rows of pixels.
     */
    static int distinctPixels(byte[] xwd) {
        ByteBuffer header = ByteBuffer.wrap(xwd); // big-endian, as xwd writes the header
        int headerSize = header.getInt(0);
        int width = header.getInt(4 * 4);
        int height = header.getInt(5 * 4);
        int bitsPerPixel = header.getInt(11 * 4);
        int bytesPerLine = header.getInt(12 * 4);
        int colours = header.getInt(19 * 4);
        int bytesPerPixel = Math.max(1, bitsPerPixel / 8);
        int data = headerSize + 12 * colours;
        Set<Long> seen = new HashSet<>();
        for (int y = 0; y < height && seen.size() < COLOURS; y++) {
            int row = data + y * bytesPerLine;
            for (int x = 0; x < width && seen.size() < COLOURS; x++) {
                int at = row + x * bytesPerPixel;
                if (at + bytesPerPixel > xwd.length) {
                    return seen.size();
                }
                long v = 0;
                for (int b = 0; b < bytesPerPixel; b++) {
                    v = v << 8 | (xwd[at + b] & 0xff);
                }
                seen.add(v);
            }
        }
        return seen.size();
    }

    private void readMaps() {
        try (BufferedReader in =
                new BufferedReader(new InputStreamReader(xev.getInputStream(), StandardCharsets.UTF_8))) {
            long mapNotifyAt = -1; // the event's first line; its window is on the next
            for (String line; (line = in.readLine()) != null; ) {
                if (line.startsWith("MapNotify event")) {
                    mapNotifyAt = System.nanoTime();
                    continue;
                }
                Matcher m = MAPPED.matcher(line);
                if (mapNotifyAt >= 0 && m.find()) {
                    maps.add(new Mapped(m.group(1), mapNotifyAt));
                }
                mapNotifyAt = -1;
            }
        } catch (IOException ignored) {
            // xev ended with the server
        }
    }

    @Override
    public void close() {
        stop(xev);
        stop(xvfb);
    }

    private static void stop(Process p) {
        if (p == null) {
            return;
        }
        p.destroy();
        try {
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                p.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
