package vae.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tech.tablesaw.api.Table;
import tech.tablesaw.plotly.components.Figure;
import vae.data.DataSet;
import vae.data.Mnist;
import vae.model.Vae;
import vae.model.VaeConfig;
import vae.tensor.ScalarKernels;

class LatentScatterTest {
    final ScalarKernels k = new ScalarKernels();
    final Mnist data = ReportFixtures.digits(57, 4, 4, 1);

    Table codes(int latent) {
        Vae model = ReportFixtures.model(k, new VaeConfig(16, 8, 4, latent), 16, 2);
        return LatentScatter.table(new Latents(model, k).means(data), data);
    }

    @Test
    void oneRowPerImageWithItsMeanAndLabel() {
        Vae model = ReportFixtures.model(k, new VaeConfig(16, 8, 4, 2), 16, 2);
        float[][] means = new Latents(model, k).means(data);
        Table table = LatentScatter.table(means, data);
        assertEquals(List.of("z1", "z2", "label"), table.columnNames());
        assertEquals(data.count(), table.rowCount());
        assertEquals(means[13][0], table.doubleColumn("z1").getDouble(13), 0);
        assertEquals(means[13][1], table.doubleColumn("z2").getDouble(13), 0);
        assertEquals(data.label(13), table.intColumn("label").getInt(13));
    }

    @Test
    void oneTracePerDigitPresent() {
        assertEquals(10, LatentScatter.figure(codes(2), "t", DataSet.MNIST).getTraces().length);
        Mnist threeDigits = ReportFixtures.digits(3, 4, 4, 1);
        Vae model = ReportFixtures.model(k, new VaeConfig(16, 8, 4, 2), 16, 2);
        Table few = LatentScatter.table(new Latents(model, k).means(threeDigits), threeDigits);
        assertEquals(List.of(0, 1, 2), LatentScatter.digits(few));
        assertEquals(3, LatentScatter.figure(few, "t", DataSet.MNIST).getTraces().length);
    }

    @Test
    void fashionMnistTracesAreNamedByTheirClothes() {
        Figure figure = LatentScatter.figure(codes(2), "t", DataSet.FASHION_MNIST);
        assertEquals("T-shirt/top", figure.getTraces()[0].name());
        assertEquals("Ankle boot", figure.getTraces()[9].name());
        assertEquals("Latent means of the Fashion-MNIST test images, by class", LatentScatter.title(2, DataSet.FASHION_MNIST));
        assertEquals("Latent means of the test images, by label", LatentScatter.title(2, DataSet.UNRECOGNISED));
    }

    @Test
    void theTitleSaysWhenOnlyTwoOfMoreDimensionsAreShown() {
        assertEquals("Latent means of the test images, by digit", LatentScatter.title(2, DataSet.MNIST));
        assertTrue(LatentScatter.title(5, DataSet.MNIST).contains("first 2 of 5"), LatentScatter.title(5, DataSet.MNIST));
        assertTrue(LatentScatter.title(1, DataSet.MNIST).contains("z2 is 0"), LatentScatter.title(1, DataSet.MNIST));
        assertEquals(0.0, codes(1).doubleColumn("z2").max(), 0);
    }

    @Test
    void writesAPageThatLoadsPlotlyFromTheGivenPlaceAndAPng(@TempDir Path dir) throws IOException {
        LatentScatter.write(codes(3), 3, DataSet.MNIST, dir, "file:///somewhere/plotly.min.js");
        String html = Files.readString(dir.resolve(LatentScatter.HTML));
        assertTrue(html.contains("<script src=\"file:///somewhere/plotly.min.js\"></script>"), html.substring(0, 400));
        assertFalse(html.contains("cdn.plot.ly"));
        assertTrue(html.contains("first 2 of 3"));
        BufferedImage png = Png.read(dir.resolve(LatentScatter.PNG));
        assertEquals(800, png.getWidth());
        assertEquals(700, png.getHeight());
        assertTrue(distinctColours(png) > 10, "the PNG should show coloured points, axes and a legend");
    }

    @Test
    void byDefaultThePageLoadsACopyOfPlotlyWrittenBesideIt(@TempDir Path dir) throws IOException {
        if (System.getProperty(PlotlyPage.PROPERTY) == null) {
            assertEquals(PlotlyPage.FILE, PlotlyPage.defaultLocation());
        }
        LatentScatter.write(codes(3), 2, DataSet.MNIST, dir, PlotlyPage.FILE);
        String html = Files.readString(dir.resolve(LatentScatter.HTML));
        assertTrue(html.contains("<script src=\"plotly-2.35.2.min.js\"></script>"), html.substring(0, 400));
        assertFalse(html.contains("http://") || html.contains("https://"), "nothing loaded from the network");
        String copy = Files.readString(dir.resolve(PlotlyPage.FILE));
        assertTrue(copy.startsWith("/**\n* plotly.js v2.35.2\n"), copy.substring(0, 60));
        assertEquals(4_558_696, Files.size(dir.resolve(PlotlyPage.FILE)));
    }

    static long distinctColours(BufferedImage image) {
        java.util.Set<Integer> colours = new java.util.HashSet<>();
        for (int y = 0; y < image.getHeight(); y += 2) {
            for (int x = 0; x < image.getWidth(); x += 2) {
                colours.add(image.getRGB(x, y));
            }
        }
        return colours.size();
    }
}
