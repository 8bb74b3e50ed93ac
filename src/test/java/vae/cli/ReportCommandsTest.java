package vae.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import tech.tablesaw.api.Table;
import vae.checkpoint.Checkpoint;
import vae.checkpoint.CheckpointException;
import vae.data.Mnist;
import vae.model.Vae;
import vae.model.VaeConfig;
import vae.report.Evaluation;
import vae.report.Figures;
import vae.report.LatentScatter;
import vae.report.LossCurves;
import vae.report.Png;
import vae.report.ReportFixtures;
import vae.tensor.ScalarKernels;
import vae.train.History;
import vae.train.Metrics;
import vae.train.Trainer;

/** {@code vae evaluate} and {@code vae figures} on small synthetic MNIST files and checkpoints. */
class ReportCommandsTest {
    static final VaeConfig SMALL = new VaeConfig(784, 16, 4, 2);
    final ScalarKernels k = new ScalarKernels();

    Path data(Path dir) {
        Mnist train = ReportFixtures.digits(20, 28, 28, 1);
        Mnist test = ReportFixtures.digits(30, 28, 28, 2);
        return ReportFixtures.writeMnist(dir.resolve("mnist"), train, test);
    }

    Path checkpoint(Path file, int epoch, String history) {
        Trainer.prepareOutput(file.getParent());
        Vae model = ReportFixtures.model(k, SMALL, 8, epoch);
        Map<String, String> meta = history == null ? Map.of("epoch", "" + epoch)
                : Map.of("epoch", "" + epoch, "history", history);
        Checkpoint.save(file, model, null, k, meta);
        return file;
    }

    static String history(int epochs) {
        History h = new History();
        for (int e = 1; e <= epochs; e++) {
            h.add(e, new Metrics(200 - e, 190 - e, 10), new Metrics(190 - e, 181 - e, 9), 1.0);
        }
        return h.toCsv();
    }

    static String run(Object command, String... args) {
        PrintStream saved = System.out;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        try {
            CommandLine cli = new CommandLine(command);
            cli.setExecutionExceptionHandler((ex, c, p) -> {
                throw ex;
            });
            assertEquals(0, cli.execute(args));
        } finally {
            System.setOut(saved);
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void evaluateExactAddsTheEvidenceItsBoundsAndItsFigures(@TempDir Path dir) {
        Path cp = checkpoint(dir.resolve("model.safetensors"), 3, null);
        CliRun run = CliRun.of("evaluate", "--checkpoint", cp.toString(), "--data", data(dir).toString(),
                "--out", dir.resolve("out").toString(), "--samples", "4", "--threads", "2", "--exact");
        assertEquals(0, run.exit(), run.err());
        Map<String, Double> values = new java.util.HashMap<>();
        run.out().lines().forEach(l -> values.put(l.split(" ")[0], Double.parseDouble(l.split(" ")[1])));
        for (String name : List.of("exact_nll", "exact_elbo_loss", "elbo_gap", "iwae_nll_k1", "iwae_nll_k1000", "exact_check_change")) {
            assertTrue(values.containsKey(name), name + " missing from\n" + run.out());
        }
        // the bound lies above -log p(x) in expectation; a draw of it may dip a hair below
        assertTrue(values.get("exact_nll") <= values.get("iwae_nll_k1000") + 0.01, run.out());
        assertTrue(values.get("exact_nll") <= values.get("exact_elbo_loss") && values.get("elbo_gap") >= 0, run.out());
        assertTrue(run.err().contains("log p(x) on a grid"), "progress on standard error:\n" + run.err());
        for (String file : List.of("exact.csv", "iwae_vs_k.png", "posterior.png")) {
            assertTrue(Files.isRegularFile(dir.resolve("out").resolve(file)), file);
        }
    }

    @Test
    void evaluateOnAnotherDataSetSaysSoInOneLine(@TempDir Path dir) {
        Path cp = dir.resolve("model.safetensors");
        Vae model = ReportFixtures.model(k, SMALL, 8, 1);
        Checkpoint.save(cp, model, null, k, Map.of("epoch", "1", "data_set", "MNIST"));
        CliRun run = CliRun.of("evaluate", "--checkpoint", cp.toString(), "--data", data(dir).toString(),
                "--out", dir.resolve("out").toString(), "--samples", "1", "--kernels", "scalar", "--threads", "1");
        assertEquals(0, run.exit(), run.err());
        List<String> notes = run.err().lines().filter(l -> l.startsWith("note: ")).toList();
        assertEquals(List.of("note: " + cp + " was trained on MNIST, and these images are unrecognised IDX data"), notes);
        assertTrue(run.out().lines().anyMatch(l -> l.startsWith("test_loss ")), run.out());
    }

    @Test
    void evaluatePrintsNameValueLinesAndSavesThem(@TempDir Path dir) {
        Path cp = checkpoint(dir.resolve("model.safetensors"), 3, null);
        String printed = run(new EvaluateCommand(), "--checkpoint", cp.toString(), "--data", data(dir).toString(),
                "--out", dir.resolve("out").toString(), "--samples", "4", "--kernels", "scalar", "--threads", "1");
        List<String> lines = printed.lines().toList();
        for (String name : List.of("test_loss", "test_bce", "test_kl", "iwae_log_px", "active_units",
                "recon_bce_label_0", "recon_bce_label_9")) {   // synthetic images: no data set it knows
            assertTrue(lines.stream().anyMatch(l -> l.startsWith(name + " ")), name + " missing from\n" + printed);
        }
        assertTrue(lines.contains("iwae_samples 4"), printed);
        assertTrue(lines.contains("images 30"), printed);
        Table saved = Table.read().csv(dir.resolve("out").resolve(Evaluation.FILE).toFile());
        assertEquals(lines.size(), saved.rowCount());
    }

    @Test
    void evaluateChecksItsOptions() {
        EvaluateCommand c = new EvaluateCommand();
        c.samples = 0;
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, c::check);
        assertEquals("--samples must be at least 1, got 0", e.getMessage());
    }

    @Test
    void aMissingCheckpointIsOneLine(@TempDir Path dir) {
        EvaluateCommand c = new EvaluateCommand();
        c.checkpoint = dir.resolve("nope.safetensors");
        CheckpointException e = assertThrows(CheckpointException.class, c::call);
        assertTrue(e.getMessage().startsWith(c.checkpoint.toString()), e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
    }

    @Test
    void figuresDrawsEveryFigureWithTheRunsCheckpointsAndHistory(@TempDir Path dir) {
        Path checkpoints = dir.resolve("run").resolve("checkpoints");
        checkpoint(checkpoints.resolve("vae_epoch_001.safetensors"), 1, history(1));
        checkpoint(checkpoints.resolve("vae_epoch_002.safetensors"), 2, history(2));
        Path last = checkpoint(checkpoints.resolve("vae_epoch_003.safetensors"), 3, history(3));
        Path out = dir.resolve("out");
        String printed = run(new FiguresCommand(), "--checkpoint", last.toString(), "--data", data(dir).toString(),
                "--out", out.toString(), "--plotly-js", "plotly.min.js", "--kernels", "scalar", "--threads", "1");
        Path folder = Figures.folder(out);
        for (String name : List.of(Figures.DATA, Figures.RECONSTRUCTIONS, Figures.TIMELINE, Figures.SAMPLES,
                LatentScatter.HTML, LatentScatter.PNG, Figures.MANIFOLD, LossCurves.HTML, LossCurves.PNG, Figures.WALK)) {
            assertTrue(Files.isRegularFile(folder.resolve(name)), name + " missing; printed:\n" + printed);
        }
        // the originals and one row for each of the three checkpoints
        assertEquals(4 * 28 + 3 * 2, Png.read(folder.resolve(Figures.TIMELINE)).getHeight());
    }

    @Test
    void theTimelineTakesEveryCheckpointWhenTooFewFallOnItsEpochs(@TempDir Path dir) {
        // a 30-epoch run with a checkpoint every 10: only epoch 30 is one of the timeline's own (1, 3, 6, ...)
        Path checkpoints = dir.resolve("run").resolve("checkpoints");
        for (int epoch : new int[] {10, 20}) {
            checkpoint(checkpoints.resolve(String.format("vae_epoch_%03d.safetensors", epoch)), epoch, null);
        }
        Path last = checkpoint(checkpoints.resolve("vae_epoch_030.safetensors"), 30, history(30));
        run(new FiguresCommand(), "--checkpoint", last.toString(), "--data", data(dir).toString(),
                "--out", dir.resolve("out").toString(), "--plotly-js", "plotly.min.js", "--kernels", "scalar", "--threads", "1");
        assertEquals(4 * 28 + 3 * 2, Png.read(Figures.folder(dir.resolve("out")).resolve(Figures.TIMELINE)).getHeight(),
                "the originals and epochs 10, 20 and 30");
    }

    @Test
    void figuresWithoutHistorySaySo(@TempDir Path dir) {
        Path cp = checkpoint(dir.resolve("alone.safetensors"), 0, null);
        Path out = dir.resolve("out");
        String printed = run(new FiguresCommand(), "--checkpoint", cp.toString(), "--data", data(dir).toString(),
                "--out", out.toString(), "--kernels", "scalar", "--threads", "1");
        assertTrue(printed.contains("No history.csv found"), printed);
        assertFalse(Files.exists(Figures.folder(out).resolve(LossCurves.HTML)));
        assertFalse(Files.exists(Figures.folder(out).resolve(Figures.TIMELINE)));
        assertTrue(Files.isRegularFile(Figures.folder(out).resolve(Figures.MANIFOLD)));
    }

    @Test
    void figuresReadsAHistoryFileGivenOrFound(@TempDir Path dir) throws Exception {
        Path cp = checkpoint(dir.resolve("run").resolve("checkpoints").resolve("m.safetensors"), 2, null);
        Files.writeString(dir.resolve("run").resolve(History.FILE), history(2));
        Path out = dir.resolve("out");
        run(new FiguresCommand(), "--checkpoint", cp.toString(), "--data", data(dir).toString(),
                "--out", out.toString(), "--kernels", "scalar", "--threads", "1");
        assertTrue(Files.isRegularFile(Figures.folder(out).resolve(LossCurves.PNG)), "history.csv one folder up");
    }
}
