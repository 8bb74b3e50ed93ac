package vae.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.interactions.PointerInput;
import org.openqa.selenium.interactions.Sequence;
import vae.data.Mnist;
import vae.model.Vae;
import vae.model.VaeConfig;
import vae.tensor.ScalarKernels;

/**
 * Opens the explorer in a real, headless Chromium with the network off, points at the latent
 * space with the mouse (and a finger), and checks that the digit the page decodes is the one
 * Java's decoder gives for the same z, to within a grey level. Skipped, with the reason, where
 * Chromium or chromedriver is missing.
 */
class BrowserExplorerTest {
    static final double GREY_LEVEL = 1.0 / 255;
    static final String READY = "return !!(window.explorer && explorer.state.pixels);";
    static HeadlessChromium browser;
    final ScalarKernels k = new ScalarKernels();

    @BeforeEach
    void startBrowser() {
        browser = HeadlessChromium.startOrSkip(browser, "BrowserExplorerTest");
    }

    @AfterAll
    static void stopBrowser() {
        if (browser != null) {
            browser.close();
        }
    }

    //> explorer test
    @Test
    void onTheTenThousandTestImagesThePageDecodesWhatJavaDecodes(@TempDir Path dir) throws Exception {
        Mnist test = Mnist.load(Mnist.DIR, false, Mnist.SIDE);
        Mnist train = Mnist.load(Mnist.DIR, true, Mnist.SIDE).subset(Latents.identity(1000));
        Vae model = ReportFixtures.trained(k, VaeConfig.SEED, 100, train, 1, 42);  // the seed's shape, briefly trained
        Latents latents = new Latents(model, k);
        float[][] means = latents.means(test);
        Path page = dir.resolve(Explorer.HTML);
        Explorer.write(page, List.of(Explorer.frame(0, model, k, means)), test, Explorer.Precision.FLOAT32);
        browser.openUntil(page, READY);

        assertEquals(List.of(), browser.requests(), "the page loads nothing");
        assertEquals(10_000L, browser.script("return explorer.points;"));
        assertEquals(10_000L, browser.script("return explorer.state.drawn;"), "one point drawn per test image");
        for (int image : new int[] {0, 1, 2}) {                     // three latent points: three test images' means
            pointAt(means[image][0], means[image][1]);
            float[] z = floats(browser.script("return explorer.z();"));
            assertEquals(means[image][0], z[0], 0.05, "the pointer is on image " + image + "'s mean");
            assertEquals(means[image][1], z[1], 0.05);
            float[] java = latents.decode(new float[][] {z})[0];
            assertDecodedAsJava(java, floats(browser.script("return explorer.decoded();")), "z = " + Arrays.toString(z));
        }
        decodeMillis(50);                                           // the JIT's warm-up
        System.out.printf("explorer: decode and draw one digit: %.2f ms (the mean of 500, headless Chromium)%n", decodeMillis(500));
    }
    //< explorer test

    @Test
    void theCommittedExplorersOpenFromDiskAndDecodeUnderThePointer() {
        for (Path page : List.of(Path.of("figures", Explorer.HTML), Path.of("figures", Explorer.TRAINING_HTML))) {
            browser.openUntil(page, READY);
            assertEquals(List.of(), browser.requests(), page + " loads nothing");
            assertEquals(10_000L, browser.script("return explorer.state.drawn;"), page + ": the seed's 10,000 test images");
            pointAt(-2.5, 0.3);                                       // among the 0s of the seed's model
            float[] zero = floats(browser.script("return explorer.decoded();"));
            pointAt(2.2, -0.4);                                       // among its 1s
            float[] one = floats(browser.script("return explorer.decoded();"));
            assertEquals(2.2, floats(browser.script("return explorer.z();"))[0], 0.05, "the pointer moved");
            double ink0 = 0, ink1 = 0;
            for (int i = 0; i < zero.length; i++) {
                ink0 += zero[i];
                ink1 += one[i];
            }
            assertTrue(ink0 > 1.5 * ink1, page + ": a 0 has more ink than a 1, got " + ink0 + " and " + ink1);
        }
    }

    @Test
    void theLegendHidesAndShowsADigitAndTwoPinsDrawTheWalk(@TempDir Path dir) {
        Mnist test = ReportFixtures.digits(37, 28, 28, 1);
        Vae model = ReportFixtures.model(k, new VaeConfig(784, 16, 4, 2), 16, 3);
        float[][] means = new Latents(model, k).means(test);
        Path page = dir.resolve(Explorer.HTML);
        Explorer.write(page, List.of(Explorer.frame(0, model, k, means)), test, Explorer.Precision.FLOAT32);
        browser.openUntil(page, READY);

        browser.element("legend-3").click();
        assertEquals(37L - 4, browser.script("return explorer.state.drawn;"), "images 3, 13, 23 and 33 hidden");
        browser.element("legend-3").click();
        assertEquals(37L, browser.script("return explorer.state.drawn;"));

        assertEquals(0L, inkOfTheWalk(), "no pins, no walk");
        click(means[0][0], means[0][1]);
        click(means[5][0], means[5][1]);
        assertEquals(2L, browser.script("return explorer.state.pins.length;"));
        assertEquals(10L * 30 * 30, inkOfTheWalk(), "ten digits drawn, 30 × 30 pixels each");
        browser.element("clear").click();
        assertEquals(0L, inkOfTheWalk());
    }

    @Test
    void aFingerDecodesAsTheMouseDoes(@TempDir Path dir) {
        Mnist test = ReportFixtures.digits(37, 28, 28, 1);
        Vae model = ReportFixtures.model(k, new VaeConfig(784, 16, 4, 2), 16, 3);
        Latents latents = new Latents(model, k);
        float[][] means = latents.means(test);
        Path page = dir.resolve(Explorer.HTML);
        Explorer.write(page, List.of(Explorer.frame(0, model, k, means)), test, Explorer.Precision.FLOAT32);
        browser.openUntil(page, READY);

        int[] at = client(means[7][0], means[7][1]);
        PointerInput finger = new PointerInput(PointerInput.Kind.TOUCH, "finger");
        Sequence touch = new Sequence(finger, 0)
                .addAction(finger.createPointerMove(Duration.ZERO, PointerInput.Origin.viewport(), at[0], at[1]))
                .addAction(finger.createPointerDown(PointerInput.MouseButton.LEFT.asArg()))
                .addAction(finger.createPointerUp(PointerInput.MouseButton.LEFT.asArg()));
        browser.perform(touch);
        float[] z = floats(browser.script("return explorer.z();"));
        assertEquals(means[7][0], z[0], 0.05, "the finger is on image 7's mean");
        assertDecodedAsJava(latents.decode(new float[][] {z})[0], floats(browser.script("return explorer.decoded();")), "touch");
    }

    @Test
    void aFiveDimensionalSpaceIsExploredOnItsPrincipalPlane(@TempDir Path dir) {
        Mnist test = ReportFixtures.digits(37, 28, 28, 1);
        Vae model = ReportFixtures.model(k, new VaeConfig(784, 16, 4, 5), 16, 3);
        Latents latents = new Latents(model, k);
        Explorer.Frame frame = Explorer.frame(0, model, k, latents.means(test));
        Path page = dir.resolve(Explorer.HTML);
        Explorer.write(page, List.of(frame), test, Explorer.Precision.FLOAT32);
        browser.openUntil(page, READY);

        float u = frame.points()[4][0], v = frame.points()[4][1];
        pointAt(u, v);
        float[] z = floats(browser.script("return explorer.z();"));
        assertEquals(5, z.length, "the page decodes a point of the 5-D space");
        float[] onPlane = Pca.fit(latents.means(test)).project(new float[][] {z}, 2)[0];
        assertEquals(u, onPlane[0], 0.05, "on the plane, under the pointer");
        assertEquals(v, onPlane[1], 0.05);
        assertDecodedAsJava(latents.decode(new float[][] {z})[0], floats(browser.script("return explorer.decoded();")), "5-D");
    }

    @Test
    void theTrainingPageShowsEachKeptEpochWithItsOwnDecoder(@TempDir Path dir) {
        Mnist test = ReportFixtures.digits(37, 28, 28, 1);
        List<Vae> models = new ArrayList<>();
        List<Explorer.Frame> frames = new ArrayList<>();
        for (int epoch : new int[] {1, 10, 20}) {
            Vae model = ReportFixtures.model(k, new VaeConfig(784, 16, 4, 2), 16, epoch);
            models.add(model);
            frames.add(Explorer.frame(epoch, model, k, new Latents(model, k).means(test)));
        }
        Path page = dir.resolve(Explorer.TRAINING_HTML);
        Explorer.write(page, frames, test, Explorer.Precision.BFLOAT16);
        browser.openUntil(page, READY);

        assertEquals(3L, browser.script("return explorer.frames;"));
        assertEquals("after epoch 20", browser.element("epoch-label").getText(), "the last epoch first");
        for (int f = 0; f < 3; f++) {
            browser.script("var s = document.getElementById('epoch'); s.value = " + f + ";"
                    + " s.dispatchEvent(new Event('input'));");
            assertEquals("after epoch " + frames.get(f).epoch(), browser.element("epoch-label").getText());
            pointAt(frames.get(f).points()[3][0], frames.get(f).points()[3][1]);
            float[] z = floats(browser.script("return explorer.z();"));
            float[] java = new Latents(models.get(f), k).decode(new float[][] {z})[0];
            float[] page16 = floats(browser.script("return explorer.decoded();"));
            double largest = 0;
            for (int i = 0; i < java.length; i++) {
                largest = Math.max(largest, Math.abs(java[i] - page16[i]));
            }
            assertTrue(largest < 0.01, "bfloat16 weights: the pixels within 0.01 of Java's, got " + largest);
        }
    }

    // moves the mouse to the plane's point (u, v) of the scatter
    static void pointAt(double u, double v) {
        int[] at = client(u, v);
        browser.actions().moveToLocation(at[0], at[1]).perform();
    }

    static void click(double u, double v) {
        int[] at = client(u, v);
        browser.actions().moveToLocation(at[0], at[1]).click().perform();
    }

    @SuppressWarnings("unchecked")
    static int[] client(double u, double v) {
        Map<String, Object> at = (Map<String, Object>) browser.script("return explorer.toClient(" + u + ", " + v + ");");
        return new int[] {(int) Math.round(((Number) at.get("x")).doubleValue()), (int) Math.round(((Number) at.get("y")).doubleValue())};
    }

    // the page's 784 pixels against Java's, within a grey level; and the grey levels drawn on its canvas
    static void assertDecodedAsJava(float[] java, float[] page, String where) {
        assertEquals(java.length, page.length);
        double largest = 0;
        int same = 0;
        for (int i = 0; i < java.length; i++) {
            largest = Math.max(largest, Math.abs(java[i] - page[i]));
            same += java[i] == page[i] ? 1 : 0;
        }
        @SuppressWarnings("unchecked")
        List<Number> drawn = (List<Number>) browser.script("var c = document.getElementById('digit-pixels');"
                + " return Array.from(c.getContext('2d').getImageData(0, 0, c.width, c.height).data);");
        int levels = 0;
        for (int i = 0; i < java.length; i++) {
            levels = Math.max(levels, Math.abs(drawn.get(4 * i).intValue() - Math.round(java[i] * 255)));
        }
        System.out.printf("explorer at %s: largest difference from Java %.3g, %d of %d pixels the same float,"
                + " drawn grey levels within %d%n", where, largest, same, java.length, levels);
        assertTrue(largest <= GREY_LEVEL, where + ": a pixel differs from Java's by " + largest);
        assertTrue(levels <= 1, where + ": a drawn grey level differs from Java's by " + levels);
    }

    // the time the page takes to decode a digit and draw it, on average over n points across the
    // scatter, timed as one loop (the browser's clock is coarse: 0.1 ms or more a tick)
    static double decodeMillis(int n) {
        return ((Number) browser.script("var v = explorer.state.view, start = performance.now();"
                + " for (var i = 0; i < " + n + "; i++) {"
                + "   explorer.show(v.u + v.span * (i % 20) / 20, v.v + v.span * Math.floor(i / 20) / (" + n + " / 20));"
                + " } return (performance.now() - start) / " + n + ";")).doubleValue();
    }

    static long inkOfTheWalk() {
        return (Long) browser.script("var c = document.getElementById('walk'), d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data,"
                + " n = 0; for (var i = 0; i < d.length; i += 4) { if (d[i] !== 255 || d[i + 1] !== 255 || d[i + 2] !== 255) n++; } return n;");
    }

    @SuppressWarnings("unchecked")
    static float[] floats(Object list) {
        List<Number> numbers = (List<Number>) list;
        float[] out = new float[numbers.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = numbers.get(i).floatValue();
        }
        return out;
    }
}
