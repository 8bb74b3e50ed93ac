package vae.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tech.tablesaw.api.Table;
import vae.data.DataSet;
import vae.data.Mnist;
import vae.model.Vae;
import vae.model.VaeConfig;
import vae.tensor.ScalarKernels;

/**
 * Opens each HTML chart in a real, headless Chromium, with plotly.js served from a local copy,
 * and reads back from the page what plotly.js drew: the traces, their points, the SVG. Skipped,
 * with the reason, where Chromium, chromedriver or the local plotly.js is missing.
 */
class BrowserFiguresTest {
    // what plotly.js holds and drew for the plot of the page
    static final String DRAWN = "var gd = document.querySelector('.js-plotly-plot');"
            + " return {traces: gd.data.length,"
            + "  points: gd.data.reduce(function (n, t) { return n + t.x.length; }, 0),"
            + "  names: gd.data.map(function (t) { return t.name; }),"
            + "  markers: gd.querySelectorAll('.cartesianlayer path.point').length,"
            + "  lines: gd.querySelectorAll('.cartesianlayer path.js-line').length,"
            + "  subplots: gd._fullLayout._subplots.cartesian.length,"
            + "  svg: gd.querySelectorAll('svg.main-svg').length,"
            + "  title: gd._fullLayout.title.text};";

    static HeadlessChromium browser;

    // checked before each test, not once before all: surefire then counts every test as skipped, with the reason
    @BeforeEach
    void startBrowser() {
        List<String> missing = HeadlessChromium.missing();
        if (!missing.isEmpty()) {
            System.err.println("BrowserFiguresTest skipped: " + String.join("; ", missing));
        }
        Assumptions.assumeTrue(missing.isEmpty(), () -> "skipped: " + String.join("; ", missing));
        if (browser == null) {
            browser = HeadlessChromium.start();
        }
    }

    @AfterAll
    static void stopBrowser() {
        if (browser != null) {
            browser.close();
        }
    }

    static String plotlyUrl() {
        return HeadlessChromium.plotly().toUri().toString();
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> drawn(Path page) {
        browser.open(page);
        return (Map<String, Object>) browser.script(DRAWN);
    }

    @Test
    void theLatentSpaceHasOneTracePerDigitAndOnePointPerImage(@TempDir Path dir) {
        ScalarKernels k = new ScalarKernels();
        Mnist test = ReportFixtures.digits(37, 28, 28, 1);
        Vae model = ReportFixtures.model(k, new VaeConfig(784, 16, 4, 2), 16, 2);
        Table codes = LatentScatter.table(new Latents(model, k).means(test), test);
        LatentScatter.write(codes, 2, test.dataSet(), dir, plotlyUrl());

        Map<String, Object> drawn = drawn(dir.resolve(LatentScatter.HTML));
        assertEquals(10L, drawn.get("traces"));
        assertEquals(List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9"), drawn.get("names"));
        assertEquals(37L, drawn.get("points"), "one point per test image");
        assertEquals(37L, drawn.get("markers"), "one SVG marker drawn per point");
        assertEquals(1L, drawn.get("subplots"));
        assertTrue((Long) drawn.get("svg") > 0);
        assertEquals(LatentScatter.title(2, DataSet.MNIST), drawn.get("title"));
    }

    @Test
    void theLossCurvesHaveThreePanelsWithALinePerSplit(@TempDir Path dir) {
        LossCurves.write(LossCurvesTest.history(7, "train", "validation", "test"), dir, plotlyUrl());

        Map<String, Object> drawn = drawn(dir.resolve(LossCurves.HTML));
        assertEquals(9L, drawn.get("traces"), "loss, BCE and KL for train, validation and test");
        assertEquals(9L * 7, drawn.get("points"), "one point per epoch on every line");
        assertEquals(3L, drawn.get("subplots"));
        assertEquals(9L, drawn.get("lines"), "one SVG line drawn per trace");
        assertTrue((Long) drawn.get("svg") > 0);
    }

    @Test
    void everyHtmlFigureOfARunRenders(@TempDir Path out) {
        ScalarKernels k = new ScalarKernels();
        Mnist test = ReportFixtures.digits(25, 28, 28, 3);
        Vae model = ReportFixtures.model(k, new VaeConfig(784, 16, 4, 3), 16, 2);
        List<Path> written = new Figures(model, k, 42, plotlyUrl())
                .write(out, test, test, LossCurvesTest.history(4, "train", "test"), null);
        int pages = 0;
        for (Path file : written) {
            if (file.toString().endsWith(".html")) {
                Map<String, Object> drawn = drawn(file);
                assertTrue((Long) drawn.get("points") > 0, file + " drew no point");
                pages++;
            }
        }
        assertEquals(2, pages);
    }
}
