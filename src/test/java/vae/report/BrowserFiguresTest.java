package vae.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
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
 * Opens each HTML chart in a real, headless Chromium with the network off, plotly.js loaded from
 * the copy written beside the page, and reads back from the page what plotly.js drew: the
 * traces, their points, the SVG; and that the page asked for nothing but files. Skipped, with
 * the reason, where Chromium or chromedriver is missing.
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
        browser = HeadlessChromium.startOrSkip(browser, "BrowserFiguresTest");
    }

    @AfterAll
    static void stopBrowser() {
        if (browser != null) {
            browser.close();
        }
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> drawn(Path page) {
        browser.open(page);
        assertOnlyFiles(browser.requests(), page);
        return (Map<String, Object>) browser.script(DRAWN);
    }

    // every request the page made was for a file on this machine
    static void assertOnlyFiles(List<String> requests, Path page) {
        for (String url : requests) {
            assertTrue(url.startsWith("file:"), page + " asked for " + url);
        }
    }

    @Test
    void theLatentSpaceHasOneTracePerDigitAndOnePointPerImage(@TempDir Path dir) {
        ScalarKernels k = new ScalarKernels();
        Mnist test = ReportFixtures.digits(37, 28, 28, 1);
        Vae model = ReportFixtures.model(k, new VaeConfig(784, 16, 4, 2), 16, 2);
        Table codes = LatentScatter.table(new Latents(model, k).means(test), test);
        LatentScatter.write(codes, 2, test.dataSet(), dir, PlotlyPage.FILE);

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
        LossCurves.write(LossCurvesTest.history(7, "train", "validation", "test"), dir, PlotlyPage.FILE);

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
        List<Path> written = new Figures(model, k, 42, PlotlyPage.FILE)
                .write(out, test, test, LossCurvesTest.history(4, "train", "test"), null);
        int pages = 0;
        for (Path file : written) {
            if (file.toString().endsWith(".html") && !file.getFileName().toString().startsWith("explorer")) {
                Map<String, Object> drawn = drawn(file);
                assertTrue((Long) drawn.get("points") > 0, file + " drew no point");
                pages++;
            }
        }
        assertEquals(2, pages, "the latent space and the loss curves");
        browser.openUntil(out.resolve(Explorer.HTML), BrowserExplorerTest.READY);   // and the explorer, which needs no plotly
        assertEquals(25L, browser.script("return explorer.state.drawn;"));
    }

    @Test
    void everyCommittedChartRendersFromDiskOffline() throws IOException {
        List<Path> pages;
        try (var files = Files.walk(Path.of("figures"))) {
            pages = files.filter(p -> p.toString().endsWith(".html") && !p.getFileName().toString().startsWith("explorer")).sorted().toList();
        }
        assertEquals(5, pages.size(), pages.toString());
        for (Path page : pages) {
            Map<String, Object> drawn = drawn(page);                // fails on any request that is not a file
            assertTrue((Long) drawn.get("points") > 0, page + " drew no point");
        }
    }

    @Test
    void aPageGivenAnotherPlotlyLoadsThatOneAndNoCopyIsWritten(@TempDir Path dir) throws IOException {
        Path elsewhere = PlotlyPage.copyBeside(Files.createDirectories(dir.resolve("elsewhere")));
        Path pages = dir.resolve("pages");
        LossCurves.write(LossCurvesTest.history(3, "train", "test"), pages, elsewhere.toUri().toString());
        assertFalse(Files.exists(pages.resolve(PlotlyPage.FILE)));

        Map<String, Object> drawn = drawn(pages.resolve(LossCurves.HTML));
        assertEquals(6L, drawn.get("traces"));
        assertEquals(List.of(elsewhere.toUri().toString()), browser.requests());
    }

    @Test
    void aPageThatNeedsTheNetworkDrawsNothing(@TempDir Path dir) {
        // the check of the others: with plotly.js on a CDN, the page here has no plot at all
        LossCurves.write(LossCurvesTest.history(3, "train", "test"), dir, "https://cdn.plot.ly/plotly-2.35.2.min.js");
        browser.openUntil(dir.resolve(LossCurves.HTML), "return document.readyState === 'complete';");
        assertEquals(Boolean.FALSE, browser.script("return !!window.Plotly;"));
    }
}
