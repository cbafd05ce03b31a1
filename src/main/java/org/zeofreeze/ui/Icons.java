package org.zeofreeze.ui;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import javafx.scene.image.Image;

/** The app icon from the repository's icons/ directory, on the class path as /icons/zeofreeze-N.png. */
public final class Icons {
    private static final int[] SIZES = {16, 24, 32, 48, 64, 128, 256};

    private Icons() {}

    /** Every size there is, for the window manager to choose from. */
    public static List<Image> appIcons() {
        List<Image> images = new ArrayList<>();
        for (int size : SIZES) {
            Image image = load(size);
            if (image != null) {
                images.add(image);
            }
        }
        return images;
    }

    public static Image load(int size) {
        InputStream in = Icons.class.getResourceAsStream("/icons/zeofreeze-" + size + ".png");
        return in == null ? null : new Image(in);
    }
}
