package vae.report;

import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.awt.image.WritableRaster;
import java.nio.file.Path;

/**
 * A grid of grey images (digits), {@code rows × cols} cells of {@code height × width} pixels,
 * separated by a white gap of {@link #GAP} pixels, as one greyscale picture. A pixel's value
 * 0..1 is drawn from black (0, background) to white (1, ink), like matplotlib's {@code gray}.
 * Rows can carry a label, written in a margin on the left.
 */
public final class ImageGrid {
    public static final int GAP = 2;
    private static final Font FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 11);

    public final int rows, cols, height, width;
    private final int margin;
    private final BufferedImage image;

    public ImageGrid(int rows, int cols, int height, int width) {
        this(rows, cols, height, width, null);
    }

    /** A grid whose row r is labelled {@code labels[r]} (labels may be null: no margin). */
    public ImageGrid(int rows, int cols, int height, int width, String[] labels) {
        if (rows < 1 || cols < 1 || height < 1 || width < 1) {
            throw new IllegalArgumentException("an image grid needs at least one cell of one pixel: "
                    + rows + " x " + cols + " cells of " + height + " x " + width);
        }
        this.rows = rows;
        this.cols = cols;
        this.height = height;
        this.width = width;
        this.margin = labels == null ? 0 : labelWidth(labels) + 2 * GAP;
        this.image = new BufferedImage(margin + span(cols, width), span(rows, height), BufferedImage.TYPE_BYTE_GRAY);
        fill(Color.WHITE);
        if (labels != null) {
            drawLabels(labels);
        }
    }

    /** Pixels taken by n cells of the given size and the n - 1 gaps between them. */
    public static int span(int n, int cell) {
        return n * cell + (n - 1) * GAP;
    }

    //> figures grid
    // pixels is (height * width), row-major, 0..1: drawn into cell (row, col)
    public void put(int row, int col, float[] pixels) {
        WritableRaster raster = image.getRaster();
        int x0 = margin + col * (width + GAP), y0 = row * (height + GAP);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                float v = Math.max(0f, Math.min(1f, pixels[y * width + x]));
                raster.setSample(x0 + x, y0 + y, 0, Math.round(v * 255));
            }
        }
    }
    //< figures grid

    /** Puts images[i] in cell (startRow + i / cols, i % cols), row after row. */
    public void putAll(int startRow, float[][] images) {
        for (int i = 0; i < images.length; i++) {
            put(startRow + i / cols, i % cols, images[i]);
        }
    }

    /** The grey level 0..255 of pixel (y, x) of cell (row, col). */
    public int pixel(int row, int col, int y, int x) {
        return image.getRaster().getSample(margin + col * (width + GAP) + x, row * (height + GAP) + y, 0);
    }

    public BufferedImage image() {
        return image;
    }

    public void write(Path file) {
        Png.write(image, file);
    }

    private void fill(Color color) {
        Graphics2D g = image.createGraphics();
        g.setColor(color);
        g.fillRect(0, 0, image.getWidth(), image.getHeight());
        g.dispose();
    }

    private void drawLabels(String[] labels) {
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setFont(FONT);
        g.setColor(Color.BLACK);
        FontMetrics metrics = g.getFontMetrics();
        for (int r = 0; r < Math.min(rows, labels.length); r++) {
            int baseline = r * (height + GAP) + (height + metrics.getAscent() - metrics.getDescent()) / 2;
            g.drawString(labels[r], GAP, baseline);
        }
        g.dispose();
    }

    private static int labelWidth(String[] labels) {
        BufferedImage scratch = new BufferedImage(1, 1, BufferedImage.TYPE_BYTE_GRAY);
        Graphics2D g = scratch.createGraphics();
        FontMetrics metrics = g.getFontMetrics(FONT);
        int widest = 0;
        for (String label : labels) {
            widest = Math.max(widest, metrics.stringWidth(label));
        }
        g.dispose();
        return widest;
    }
}
