package vae.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vae.data.Mnist;
import vae.model.Vae;
import vae.model.VaeConfig;
import vae.nn.Rng;
import vae.tensor.ScalarKernels;

class DigitFiguresTest {
    final ScalarKernels k = new ScalarKernels();
    final Mnist data = ReportFixtures.digits(30, 28, 28, 1);
    final Vae model = ReportFixtures.model(k, new VaeConfig(784, 16, 4, 2), 32, 3); // 0 epochs of training
    final Latents latents = new Latents(model, k);
    final DigitFigures figures = new DigitFigures(latents, 28, 28);

    @Test
    void theManifoldIsTwentyByTwentyDigits(@TempDir Path dir) {
        ImageGrid grid = figures.manifold(20);
        grid.write(dir.resolve("manifold.png"));
        BufferedImage png = Png.read(dir.resolve("manifold.png"));
        assertEquals(20 * 28 + 19 * ImageGrid.GAP, png.getWidth());
        assertEquals(20 * 28 + 19 * ImageGrid.GAP, png.getHeight());
        // cell (row 3, column 17) is the decoder at z = (Φ⁻¹(17.5/20), Φ⁻¹(1 - 3.5/20))
        float[] z = {(float) Normal.quantile(17.5 / 20), (float) Normal.quantile(1 - 3.5 / 20)};
        assertCellIs(grid, 3, 17, latents.decode(new float[][] {z})[0]);
    }

    @Test
    void aPlainAutoencodersManifoldSpansItsCodesRange() {
        float[][] codes = new float[101][3];
        for (int i = 0; i <= 100; i++) {
            codes[i] = new float[] {i, 10 - 2 * i, i == 100 ? 1e6f : 7}; // 0..100; 10..-190; an outlier
        }
        float[][] range = DigitFigures.codeRange(codes);
        assertArrayEquals(new float[] {1, -188, 7}, range[0], "the 1st percentile");
        assertArrayEquals(new float[] {50, -90, 7}, range[1], "the median");
        assertArrayEquals(new float[] {99, 8, 7}, range[2], "the 99th percentile: the far-out code left out");

        float[][] grid = DigitFigures.manifoldCodes(4, range);
        assertEquals(16, grid.length);
        assertArrayEquals(new float[] {1 + 0.125f * 98, 8 - 0.125f * 196, 7}, grid[0], 1e-4f, "top left: small z1, large z2");
        assertArrayEquals(new float[] {1 + 0.875f * 98, 8 - 0.875f * 196, 7}, grid[15], 1e-4f, "bottom right");
        assertEquals(grid[0][1], grid[3][1], "a row keeps z2");
        assertEquals(grid[0][0], grid[12][0], "a column keeps z1");
    }

    @Test
    void manifoldCodesAreGaussianQuantiles() {
        float[][] codes = DigitFigures.manifoldCodes(20, 3);
        assertEquals(400, codes.length);
        assertEquals(-1.959964f, codes[0][0], 1e-6f);     // left column: Φ⁻¹(0.025)
        assertEquals(1.959964f, codes[0][1], 1e-6f);      // top row: Φ⁻¹(0.975)
        assertEquals(1.959964f, codes[399][0], 1e-6f);
        assertEquals(-1.959964f, codes[399][1], 1e-6f);
        assertEquals(0f, codes[123][2]);                   // dimensions past the second stay 0
        assertEquals(codes[20 * 5][1], codes[20 * 5 + 19][1]); // one z₂ per row
        assertEquals(codes[7][0], codes[20 * 12 + 7][0]);      // one z₁ per column
        assertEquals(0f, DigitFigures.manifoldCodes(1, 2)[0][0], 0f); // one cell: the centre, Φ⁻¹(½)
    }

    @Test
    void dataShowsTheFirstImages() {
        ImageGrid grid = figures.data(data, 10);
        assertEquals(ImageGrid.span(10, 28), grid.image().getWidth());
        assertEquals(28, grid.image().getHeight());
        assertCellIs(grid, 0, 4, Latents.images(data, new int[] {4})[0]);
    }

    @Test
    void reconstructionsSitBelowTheirOriginals() {
        ImageGrid grid = figures.reconstructions(data, 10);
        assertEquals(2, grid.rows);
        assertEquals(10, grid.cols);
        assertCellIs(grid, 0, 6, Latents.images(data, new int[] {6})[0]);
        assertCellIs(grid, 1, 6, latents.decode(latents.means(data, new int[] {6}))[0]);
    }

    @Test
    void samplesAreATenByTenGridFromTheGivenNoise() {
        ImageGrid grid = figures.samples(10, new Rng(5));
        assertEquals(ImageGrid.span(10, 28), grid.image().getWidth());
        assertEquals(ImageGrid.span(10, 28), grid.image().getHeight());
        Rng rng = new Rng(5);
        float[][] z = new float[2][2];
        for (float[] row : z) {
            row[0] = (float) rng.nextGaussian();
            row[1] = (float) rng.nextGaussian();
        }
        assertCellIs(grid, 0, 1, latents.decode(z)[1]);
    }

    @Test
    void theWalkGoesFromOneMeanToTheOther() {
        int to = DigitFigures.otherDigit(data, 0);
        assertEquals(1, to); // image 0 shows a 0, image 1 a 1
        ImageGrid grid = figures.walk(data, 0, to, 10);
        assertEquals(1, grid.rows);
        assertEquals(10, grid.cols);
        float[][] ends = latents.means(data, new int[] {0, to});
        assertCellIs(grid, 0, 0, latents.decode(new float[][] {ends[0]})[0]);
        assertCellIs(grid, 0, 9, latents.decode(new float[][] {ends[1]})[0]);
    }

    @Test
    void walkCodesAreEvenlySpacedOnTheSegment() {
        float[][] codes = DigitFigures.walkCodes(new float[] {0, 1}, new float[] {3, -2}, 4);
        assertArrayEquals(new float[] {0, 1}, codes[0]);
        assertArrayEquals(new float[] {1, 0}, codes[1], 1e-6f);
        assertArrayEquals(new float[] {2, -1}, codes[2], 1e-6f);
        assertArrayEquals(new float[] {3, -2}, codes[3]);
        assertThrows(IllegalArgumentException.class, () -> DigitFigures.walkCodes(new float[1], new float[1], 1));
    }

    @Test
    void imagesMustMatchTheModel() {
        assertThrows(ReportException.class, () -> new DigitFigures(latents, 28, 27));
    }

    static void assertCellIs(ImageGrid grid, int row, int col, float[] pixels) {
        for (int y = 0; y < grid.height; y++) {
            for (int x = 0; x < grid.width; x++) {
                int expected = Math.round(Math.max(0, Math.min(1, pixels[y * grid.width + x])) * 255);
                assertEquals(expected, grid.pixel(row, col, y, x), "cell (" + row + ", " + col + ") pixel (" + y + ", " + x + ")");
            }
        }
    }
}
