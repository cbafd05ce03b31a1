package com.sun.glass.ui.monocle;

import java.nio.Buffer;
import java.nio.ByteBuffer;
import java.nio.IntBuffer;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Headless Monocle as {@code -Dmonocle.platform=Headless} gives it, whose screen notes the moment
 * the first frame with content reached it; selected with {@code -Dmonocle.platform=PaintTimed}
 * (Monocle loads {@code com.sun.glass.ui.monocle.<name>PlatformFactory}). It lives in Monocle's
 * package because the platform, screen and factory classes it extends are package-private.
 *
 * <p>Why the screen: with software rendering, Prism paints a frame on the render thread into the
 * window's pixels and presents it by handing them to the view, whose {@code uploadPixels} composes
 * them into the screen's framebuffer. That call is the end of a painted frame: the pixels a person
 * would see. A pulse (layout, CSS) or a {@code Scene.snapshot} happens before or beside it and
 * proves nothing was painted. A frame counts when its pixels hold at least {@value #COLOURS}
 * distinct values: an empty or merely filled window has one or two, a page with text has hundreds.
 */
public final class PaintTimedPlatformFactory extends HeadlessPlatformFactory {
    static final int COLOURS = 16;

    private static final CountDownLatch PAINTED = new CountDownLatch(1);
    private static volatile long paintedAtMillis;
    private static volatile int framesBefore;

    @Override
    protected NativePlatform createNativePlatform() {
        return new HeadlessPlatform() {
            @Override
            protected NativeScreen createScreen() {
                return new HeadlessScreen() {
                    @Override
                    public void uploadPixels(Buffer pixels, int x, int y, int width, int height, float alpha) {
                        super.uploadPixels(pixels, x, y, width, height, alpha);
                        if (PAINTED.getCount() > 0) {
                            if (hasContent(pixels, width * height)) {
                                paintedAtMillis = System.currentTimeMillis();
                                PAINTED.countDown();
                            } else {
                                framesBefore++;
                            }
                        }
                    }
                };
            }
        };
    }

    /**
     * Waits for the first frame with content on the screen; returns its wall-clock time in
     * milliseconds (as {@link System#currentTimeMillis()}), or -1 if none came in time.
     */
    public static long awaitFirstContentFrame(long timeout, TimeUnit unit) throws InterruptedException {
        return PAINTED.await(timeout, unit) ? paintedAtMillis : -1;
    }

    /** Frames uploaded before the first with content (empty or uniformly filled). */
    public static int framesWithoutContent() {
        return framesBefore;
    }

    /** Read by index from 0: composing the pixels onto the screen has moved the buffer's position to its end. */
    private static boolean hasContent(Buffer pixels, int count) {
        Set<Integer> seen = new HashSet<>();
        if (pixels instanceof IntBuffer ints) {
            for (int i = 0; i < count && i < ints.capacity() && seen.size() < COLOURS; i++) {
                seen.add(ints.get(i));
            }
        } else if (pixels instanceof ByteBuffer bytes) {
            for (int i = 0; i < count && 4 * i + 3 < bytes.capacity() && seen.size() < COLOURS; i++) {
                seen.add(bytes.getInt(4 * i));
            }
        }
        return seen.size() >= COLOURS;
    }
}
