package vae.report;

import java.awt.Color;

/** Ten colours that stay apart (matplotlib's tab10), one per digit in the latent-space chart. */
public final class Palette {
    private static final String[] HEX = {"#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd",
        "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"};

    private Palette() {
    }

    /** Colour i (wrapping after ten) as {@code #rrggbb}. */
    public static String hex(int i) {
        return HEX[Math.floorMod(i, HEX.length)];
    }

    public static Color color(int i) {
        return Color.decode(hex(i));
    }
}
