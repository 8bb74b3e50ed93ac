package vae.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageGridTest {

    @Test
    void sizeIsCellsAndGaps() {
        ImageGrid grid = new ImageGrid(2, 3, 4, 5);
        assertEquals(3 * 5 + 2 * ImageGrid.GAP, grid.image().getWidth());
        assertEquals(2 * 4 + 1 * ImageGrid.GAP, grid.image().getHeight());
        assertEquals(20 * 28 + 19 * 2, ImageGrid.span(20, 28));
        assertEquals(28, ImageGrid.span(1, 28));
    }

    @Test
    void pixelsGoFromBlackToWhiteAndTheGapIsWhite() {
        ImageGrid grid = new ImageGrid(1, 2, 2, 2);
        grid.put(0, 1, new float[] {0f, 0.5f, 1f, 2f}); // values beyond 1 are clipped
        assertEquals(0, grid.pixel(0, 1, 0, 0));
        assertEquals(128, grid.pixel(0, 1, 0, 1));
        assertEquals(255, grid.pixel(0, 1, 1, 0));
        assertEquals(255, grid.pixel(0, 1, 1, 1));
        assertEquals(255, grid.image().getRaster().getSample(2, 0, 0)); // the gap between the cells
        assertEquals(255, grid.pixel(0, 0, 0, 0));                      // an empty cell stays white
    }

    @Test
    void putAllFillsRowAfterRow() {
        ImageGrid grid = new ImageGrid(3, 2, 1, 1);
        grid.putAll(1, new float[][] {{0.2f}, {0.4f}, {0.6f}});
        assertEquals(Math.round(0.2f * 255), grid.pixel(1, 0, 0, 0));
        assertEquals(Math.round(0.4f * 255), grid.pixel(1, 1, 0, 0));
        assertEquals(Math.round(0.6f * 255), grid.pixel(2, 0, 0, 0));
    }

    @Test
    void labelsAddAMarginWithText() {
        ImageGrid plain = new ImageGrid(2, 3, 28, 28);
        ImageGrid labelled = new ImageGrid(2, 3, 28, 28, new String[] {"original", "epoch 100"});
        int margin = labelled.image().getWidth() - plain.image().getWidth();
        assertTrue(margin > 20, "margin " + margin);
        assertEquals(plain.image().getHeight(), labelled.image().getHeight());
        int dark = 0;
        for (int y = 0; y < labelled.image().getHeight(); y++) {
            for (int x = 0; x < margin; x++) {
                dark += labelled.image().getRaster().getSample(x, y, 0) < 128 ? 1 : 0;
            }
        }
        assertTrue(dark > 20, "the labels should draw dark pixels in the margin, found " + dark);
    }

    @Test
    void writesAPngOfTheSameSize(@TempDir Path dir) {
        ImageGrid grid = new ImageGrid(2, 3, 28, 28);
        Path file = dir.resolve("sub/grid.png");
        grid.write(file);
        BufferedImage read = Png.read(file);
        assertEquals(grid.image().getWidth(), read.getWidth());
        assertEquals(grid.image().getHeight(), read.getHeight());
    }

    @Test
    void rejectsAnEmptyGrid() {
        assertThrows(IllegalArgumentException.class, () -> new ImageGrid(0, 3, 28, 28));
    }
}
