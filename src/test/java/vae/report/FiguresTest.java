package vae.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vae.data.Mnist;
import vae.model.Vae;
import vae.model.VaeConfig;
import vae.tensor.ScalarKernels;

class FiguresTest {
    final ScalarKernels k = new ScalarKernels();
    final Mnist train = ReportFixtures.digits(20, 28, 28, 1);
    final Mnist test = ReportFixtures.digits(35, 28, 28, 2);

    @Test
    void aLatentSpaceOfThreeIsShownThroughPcaByDefaultOrTsneOnRequest(@TempDir Path out) throws Exception {
        Vae model = ReportFixtures.model(k, new VaeConfig(784, 16, 4, 3), 16, 3);
        Path pca = out.resolve("pca"), tsne = out.resolve("tsne"), none = out.resolve("none");
        new Figures(model, k, 42, "plotly.min.js").write(pca, train, test, null, null);
        new Figures(model, k, 42, "plotly.min.js").projection(Projection.TSNE, 30).write(tsne, train, test, null, null);
        new Figures(model, k, 42, "plotly.min.js").projection(Projection.NONE, 30).write(none, train, test, null, null);
        String pcaPage = Files.readString(pca.resolve(LatentScatter.HTML));
        assertTrue(pcaPage.matches("(?s).*PCA of 3 latent dimensions, [0-9.]+% of the variance.*"), "the PCA title");
        assertTrue(pcaPage.contains("PC 1") && pcaPage.contains("PC 2"), "the principal axes' names");
        String tsnePage = Files.readString(tsne.resolve(LatentScatter.HTML));
        assertTrue(tsnePage.contains("t-SNE of 3 latent dimensions, 30 test images"), "the t-SNE title");
        assertTrue(tsnePage.contains("t-SNE 1"), "the map's axes");
        assertTrue(Files.readString(none.resolve(LatentScatter.HTML)).contains("first 2 of 3 latent dimensions"));
        assertEquals(Projection.NONE, Projection.auto(2));
        assertEquals(Projection.PCA, Projection.auto(10));
    }

    @Test
    void anUntrainedModelStillWritesEveryFigure(@TempDir Path out) {
        Vae model = ReportFixtures.model(k, new VaeConfig(784, 16, 4, 2), 16, 3); // trained for 0 epochs
        ReconstructionTimeline timeline = new ReconstructionTimeline(k, test);
        timeline.record(1, model);
        Path folder = Figures.folder(out);
        List<Path> written = new Figures(model, k, 42, "plotly.min.js")
                .write(folder, train, test, LossCurvesTest.history(3, "train", "test"), timeline);

        List<String> names = written.stream().map(p -> p.getFileName().toString()).toList();
        assertEquals(List.of(Figures.DATA, Figures.RECONSTRUCTIONS, Figures.TIMELINE, Figures.SAMPLES,
                LatentScatter.HTML, LatentScatter.PNG, Figures.MANIFOLD, LossCurves.HTML, LossCurves.PNG,
                Figures.WALK, Explorer.HTML), names);
        for (Path file : written) {
            assertTrue(Files.isRegularFile(file), file + " was not written");
            assertEquals(folder, file.getParent());
        }
        assertSize(folder.resolve(Figures.DATA), 10, 1);
        assertSize(folder.resolve(Figures.RECONSTRUCTIONS), 10, 2);
        assertSize(folder.resolve(Figures.SAMPLES), 10, 10);
        assertSize(folder.resolve(Figures.MANIFOLD), 20, 20);
        assertSize(folder.resolve(Figures.WALK), 10, 1);
        assertEquals(ImageGrid.span(2, 28), Png.read(folder.resolve(Figures.TIMELINE)).getHeight());
    }

    @Test
    void withoutHistoryOrTimelineThoseFiguresAreLeftOut(@TempDir Path out) {
        Vae model = ReportFixtures.model(k, new VaeConfig(784, 16, 4, 3), 16, 3);
        List<Path> written = new Figures(model, k, 42, PlotlyPage.FILE).write(out, train, test, null, null);
        assertEquals(8, written.size()); // data, reconstructions, samples, latent space (2), manifold, walk, explorer
        assertFalse(Files.exists(out.resolve(LossCurves.HTML)));
        assertFalse(Files.exists(out.resolve(Figures.TIMELINE)));
        assertTrue(Files.isRegularFile(out.resolve(Figures.MANIFOLD)));
    }

    @Test
    void theSameSeedDrawsTheSameSamples(@TempDir Path out) throws Exception {
        Vae model = ReportFixtures.model(k, new VaeConfig(784, 16, 4, 2), 16, 3);
        new Figures(model, k, 7, "p.js").write(out.resolve("a"), train, test, null, null);
        new Figures(model, k, 7, "p.js").write(out.resolve("b"), train, test, null, null);
        assertTrue(java.util.Arrays.equals(Files.readAllBytes(out.resolve("a").resolve(Figures.SAMPLES)),
                Files.readAllBytes(out.resolve("b").resolve(Figures.SAMPLES))));
    }

    @Test
    void aTinyDataSetGivesShorterRows(@TempDir Path out) {
        Vae model = ReportFixtures.model(k, new VaeConfig(784, 16, 4, 2), 4, 3);
        Mnist tiny = ReportFixtures.digits(3, 28, 28, 4);
        new Figures(model, k, 42, "p.js").write(out, tiny, tiny, null, new ReconstructionTimeline(k, tiny));
        assertSize(out.resolve(Figures.DATA), 3, 1);
        assertSize(out.resolve(Figures.RECONSTRUCTIONS), 3, 2);
        assertSize(out.resolve(Figures.MANIFOLD), 20, 20);
        org.junit.jupiter.api.Assertions.assertThrows(ReportException.class, () -> new Figures(model, k, 42, "p.js")
                .write(out, tiny, ReportFixtures.digits(0, 28, 28, 4), null, null));
    }

    @Test
    void theTrainingExplorerIsWrittenWhenTwoEpochsOrMoreWereRecorded(@TempDir Path out) throws Exception {
        Vae model = ReportFixtures.model(k, new VaeConfig(784, 16, 4, 2), 16, 3);
        ExplorerTimeline one = new ExplorerTimeline(k, test), two = new ExplorerTimeline(k, test);
        one.record(1, model);
        two.record(1, model);
        two.record(2, model);
        new Figures(model, k, 42, "p.js").training(one).write(out.resolve("one"), train, test, null, null);
        new Figures(model, k, 42, "p.js").training(two).write(out.resolve("two"), train, test, null, null);
        assertFalse(Files.exists(out.resolve("one").resolve(Explorer.TRAINING_HTML)));
        String page = Files.readString(out.resolve("two").resolve(Explorer.TRAINING_HTML));
        assertTrue(page.contains("\"precision\": \"bfloat16\"") && page.contains("{\"epoch\": 2"), "two frames, in bfloat16");
    }

    static void assertSize(Path png, int cols, int rows) {
        BufferedImage image = Png.read(png);
        assertEquals(ImageGrid.span(cols, 28), image.getWidth(), png + " width");
        assertEquals(ImageGrid.span(rows, 28), image.getHeight(), png + " height");
    }
}
