package org.zeofreeze.host;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/** Reads a process stream on its own thread, collecting it and handing out lines as they end. */
public final class StreamPump extends Thread {
    private final InputStream in;
    private final Consumer<String> lines;
    private final StringBuilder all = new StringBuilder();

    public StreamPump(InputStream in, Consumer<String> lines) {
        super("stream-pump");
        setDaemon(true);
        this.in = in;
        this.lines = lines;
    }

    @Override
    public void run() {
        byte[] buf = new byte[8192];
        ByteArrayOutputStream pending = new ByteArrayOutputStream();
        try {
            int n;
            while ((n = in.read(buf)) > 0) {
                for (int i = 0; i < n; i++) {
                    byte b = buf[i];
                    if (b == '\n' || b == '\r') {
                        String text = pending.toString(StandardCharsets.UTF_8);
                        pending.reset();
                        synchronized (all) {
                            all.append(text).append((char) b);
                        }
                        if (!text.isEmpty()) {
                            lines.accept(text);
                        }
                    } else {
                        pending.write(b);
                    }
                }
            }
            if (pending.size() > 0) {
                String text = pending.toString(StandardCharsets.UTF_8);
                synchronized (all) {
                    all.append(text);
                }
                lines.accept(text);
            }
        } catch (IOException e) {
            // the process went away; what was read is kept
        }
    }

    public String text() {
        synchronized (all) {
            return all.toString();
        }
    }
}
