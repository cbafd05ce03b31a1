package org.zeofreeze.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.function.IntBinaryOperator;
import org.junit.jupiter.api.Test;

/** The "painted" test of the Xvfb launch: distinct pixels of an XWD image, padding and header aside. */
class XvfbLaunchTest {
    @Test
    void aFilledWindowHasOneValueWhateverItsRowPadding() {
        assertThat(XvfbLaunch.distinctPixels(xwd(8, 4, 40, (x, y) -> 0xf0f0f0))).isEqualTo(1);
    }

    @Test
    void countsUpToSixteen() {
        assertThat(XvfbLaunch.distinctPixels(xwd(8, 4, 32, (x, y) -> y * 8 + x)))
                .isEqualTo(16);
        assertThat(XvfbLaunch.distinctPixels(xwd(8, 4, 32, (x, y) -> x % 3))).isEqualTo(3);
    }

    /** A 32-bit ZPixmap as xwd writes it: big-endian header, window name, no colour entries. */
    private static byte[] xwd(int width, int height, int bytesPerLine, IntBinaryOperator pixel) {
        byte[] name = "ZeoFreeze\0".getBytes();
        int headerSize = 25 * 4 + name.length;
        ByteBuffer b = ByteBuffer.allocate(headerSize + bytesPerLine * height);
        int[] header = new int[25];
        header[0] = headerSize;
        header[1] = 7; // file version
        header[2] = 2; // ZPixmap
        header[3] = 24;
        header[4] = width;
        header[5] = height;
        header[11] = 32; // bits per pixel
        header[12] = bytesPerLine;
        header[19] = 0; // colour entries
        for (int h : header) {
            b.putInt(h);
        }
        b.put(name);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                b.putInt(pixel.applyAsInt(x, y));
            }
            for (int pad = width * 4; pad < bytesPerLine; pad++) {
                b.put((byte) (pad * 37)); // padding holds anything
            }
        }
        return b.array();
    }
}
