package vae.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tech.tablesaw.api.Table;
import vae.report.Figures;
import vae.report.ImageGrid;
import vae.report.Png;
import vae.report.Sweep;

/** {@code vae sweep} end to end, on a handful of synthetic images. */
class SweepCommandTest {

    static CliRun sweep(Path data, Path out, String... more) {
        return sweep(data, out, "vae,ae", "2,3", 1, more);
    }

    static CliRun sweep(Path data, Path out, String models, String latent, int epochs, String... more) {
        List<String> args = new java.util.ArrayList<>(List.of("sweep", "--latent", latent, "--models", models, "--epochs", "" + epochs,
                "--data", data.toString(), "--out", out.toString(), "--samples", "2", "--threads", "1", "--kernels", "scalar",
                "--plotly-js", "plotly.min.js"));
        args.addAll(List.of(more));
        return CliRun.of(args.toArray(new String[0]));
    }

    @Test
    void aRowPerModelAndLatentSizeAndTheFiguresSideBySide(@TempDir Path dir) throws IOException {
        Path data = CliRun.mnist(dir.resolve("data"), 6, 5);
        Path out = dir.resolve("sweep");
        CliRun run = sweep(data, out);
        assertEquals(0, run.exit(), run.err());

        Table t = Table.read().csv(out.resolve(Sweep.CSV).toFile());
        assertEquals(List.of("model", "latent", "epochs", "test_loss", "test_bce", "test_kl", "iw_nll", "active_units", "seconds"),
                t.columnNames());
        assertEquals(List.of("vae", "vae", "ae", "ae"), t.stringColumn("model").asList());
        assertEquals(List.of(2, 3, 2, 3), t.intColumn("latent").asList());
        for (int r = 0; r < 4; r++) {
            boolean vae = r < 2;
            assertEquals(vae, !t.column("iw_nll").isMissing(r), "a bound on log p(x) for the VAEs alone, row " + r);
            double loss = t.numberColumn("test_loss").getDouble(r), bce = t.numberColumn("test_bce").getDouble(r);
            assertEquals(loss, bce + t.numberColumn("test_kl").getDouble(r), 1e-3, "loss = BCE + KL, row " + r);
            assertEquals(vae, t.numberColumn("test_kl").getDouble(r) > 0, "a KL term for the VAEs alone, row " + r);
        }

        String md = Files.readString(out.resolve(Sweep.MARKDOWN));
        assertEquals(2 + 4, md.lines().count(), md);
        assertTrue(md.lines().skip(4).allMatch(l -> l.startsWith("| ae | ") && l.contains(" | – | ")), md);
        assertTrue(run.out().contains(md), "the table is printed too");

        int rows = 1 + 4; // the test images, then a row per run
        assertEquals(ImageGrid.span(rows, 28), Png.read(out.resolve(Sweep.RECONSTRUCTIONS)).getHeight());
        assertEquals(ImageGrid.span(4, 28), Png.read(out.resolve(Sweep.SAMPLES)).getHeight());
        assertEquals(2 * Png.read(out.resolve("vae-z2").resolve(Figures.FOLDER).resolve("latent_space.png")).getWidth() / 2,
                Png.read(out.resolve(Sweep.LATENT_SPACES)).getWidth(), "two latent sizes across, each at half size");
        for (String run1 : List.of("vae-z2", "vae-z3", "ae-z2", "ae-z3")) {
            assertTrue(Files.isRegularFile(out.resolve(run1).resolve("history.csv")), run1);
            assertTrue(Files.isRegularFile(out.resolve(run1).resolve("evaluation.csv")), run1);
            assertTrue(Files.isRegularFile(out.resolve(run1).resolve(Figures.FOLDER).resolve(Figures.SAMPLES)), run1);
        }

        // run again: every run is done, nothing is trained, the same numbers come out
        CliRun again = sweep(data, out);
        assertEquals(0, again.exit(), again.err());
        assertEquals(4, again.out().lines().filter(l -> l.startsWith("Done already: 1 epoch(s) done")).count(), again.out());
        assertFalse(again.out().contains("Epoch 1/1"), again.out());
        Table second = Table.read().csv(out.resolve(Sweep.CSV).toFile());
        assertEquals(t.numberColumn("test_loss").asList(), second.numberColumn("test_loss").asList());

        // one more epoch goes on from the first
        CliRun longer = sweep(data, out, "ae", "2", 2);
        assertEquals(0, longer.exit(), longer.err());
        assertTrue(longer.out().contains("Going on: 1 epoch(s) done"), longer.out());
        assertTrue(longer.out().contains("Epoch 2/2"), longer.out());
    }

    @Test
    void withAClassifierTheTableScoresEachModelsSamples(@TempDir Path dir) {
        Path data = CliRun.mnist(dir.resolve("data"), 6, 5);
        Path judge = dir.resolve("classifier.safetensors");
        vae.tensor.Kernels k = new vae.tensor.ScalarKernels();
        vae.checkpoint.ClassifierFile.save(judge, new vae.model.Classifier(k, 784, 8, 10, 1), k, java.util.Map.of("test_accuracy", "0.5"));
        Path out = dir.resolve("sweep");
        CliRun run = sweep(data, out, "vae,ae", "2", 1, "--classifier", judge.toString());
        assertEquals(0, run.exit(), run.err());
        Table t = Table.read().csv(out.resolve(Sweep.CSV).toFile());
        for (String score : SweepCommand.SCORES) {
            assertTrue(t.columnNames().contains(score), score + " in " + t.columnNames());
            for (int r = 0; r < 2; r++) {
                assertTrue(Double.isFinite(t.numberColumn(score).getDouble(r)), score + ", row " + r);
            }
        }
        // a classifier whose weights are all 0 says 1/10 for every class: confidence 0.1, one class, a score of 1
        assertEquals(0.1, t.numberColumn("sample_confidence").getDouble(0), 1e-6);
        assertEquals(1.0, t.numberColumn("sample_inception").getDouble(1), 1e-6);
    }

    @Test
    void aFolderOfAnotherRunIsRefusedInOneLine(@TempDir Path dir) {
        Path data = CliRun.mnist(dir.resolve("data"), 6, 5);
        Path out = dir.resolve("sweep");
        assertEquals(0, sweep(data, out, "ae", "2", 1).exit());
        String line = sweep(data, out, "ae", "2", 1, "--seed", "7").assertOneLineError();
        assertTrue(line.contains("ae-z2: holds a run with seed 42, not this sweep's; give the sweep another --out"), line);
    }
}
