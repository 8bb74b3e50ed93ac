package vae.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tech.tablesaw.api.Table;
import vae.checkpoint.Checkpoint;
import vae.model.ModelKind;
import vae.report.Explorer;
import vae.report.Figures;
import vae.train.Checkpoints;
import vae.train.History;

/** {@code train --model ae}, and {@code evaluate} and {@code figures} reading the kind back from its checkpoint. */
class PlainAutoencoderCommandsTest {

    @Test
    void trainEvaluateAndFiguresOfAPlainAutoencoder(@TempDir Path dir) {
        Path data = CliRun.mnist(dir.resolve("data"), 6, 5);
        Path out = dir.resolve("out");
        CliRun train = CliRun.of("train", "--model", "ae", "--data", data.toString(), "--out", out.toString(),
                "--epochs", "2", "--batch-size", "3", "--hidden", "8", "--feature", "4", "--latent", "3",
                "--threads", "1", "--kernels", "scalar", "--plotly-js", "plotly.min.js");
        assertEquals(0, train.exit(), train.err());
        assertTrue(train.out().contains("Training a plain autoencoder on 6 "), train.out());
        assertTrue(train.out().contains(Figures.SAMPLES_CAVEAT), train.out());
        // the explorer decodes with the same decoder for both kinds; train recorded epochs 1 and 2 for its training page
        assertTrue(Files.isRegularFile(Figures.folder(out).resolve(Explorer.HTML)));
        assertTrue(Files.isRegularFile(Figures.folder(out).resolve(Explorer.TRAINING_HTML)));

        Table history = Table.read().csv(out.resolve(History.FILE).toFile());
        for (String kl : new String[] {"train_kl", "test_kl"}) {
            assertEquals(0.0, history.numberColumn(kl).max(), kl + ": no KL term");
        }
        assertEquals(history.doubleColumn("test_bce").getDouble(1), history.doubleColumn("test_loss").getDouble(1));

        Path cp = Checkpoints.epochFile(out.resolve(Checkpoints.FOLDER), 2);
        Checkpoint saved = Checkpoint.load(cp);
        assertEquals(ModelKind.AE, saved.config().kind());
        assertEquals("ae", saved.metadata().get("model"));

        CliRun evaluate = CliRun.of("evaluate", "--checkpoint", cp.toString(), "--data", data.toString(),
                "--out", dir.resolve("eval").toString(), "--threads", "1", "--kernels", "scalar");
        assertEquals(0, evaluate.exit(), evaluate.err());
        Map<String, Double> values = new HashMap<>();
        evaluate.out().lines().forEach(l -> values.put(l.split(" ")[0], Double.parseDouble(l.split(" ")[1])));
        assertEquals(0.0, values.get("test_kl"));
        assertEquals(values.get("test_bce"), values.get("test_loss"));
        // z = μ in the loss as in the reconstructions: the two measure the same thing
        assertEquals(values.get("recon_bce"), values.get("test_bce"), 1e-3 * values.get("test_bce"));
        assertFalse(values.keySet().stream().anyMatch(name -> name.startsWith("iwae_")), "no p(x) to bound:\n" + evaluate.out());
        assertEquals(3, values.keySet().stream().filter(n -> n.startsWith("mu_variance_")).count(), "a variance per dimension");

        CliRun figures = CliRun.of("figures", "--checkpoint", cp.toString(), "--data", data.toString(),
                "--out", dir.resolve("fig").toString(), "--threads", "1", "--kernels", "scalar", "--plotly-js", "plotly.min.js");
        assertEquals(0, figures.exit(), figures.err());
        assertTrue(figures.out().contains(Figures.SAMPLES_CAVEAT), figures.out());
        assertTrue(Files.isRegularFile(Figures.folder(dir.resolve("fig")).resolve(Figures.MANIFOLD)));

        CliRun resumed = CliRun.of("train", "--resume", cp.toString(), "--epochs", "3", "--data", data.toString(),
                "--out", out.toString(), "--threads", "1", "--kernels", "scalar", "--no-figures");
        assertEquals(0, resumed.exit(), resumed.err());
        assertEquals(ModelKind.AE, Checkpoint.load(Checkpoints.epochFile(out.resolve(Checkpoints.FOLDER), 3)).config().kind(),
                "a resumed run is the checkpoint's kind of model");
    }
}
