package vae.cli;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import tech.tablesaw.api.Table;
import tech.tablesaw.io.csv.CsvReadOptions;
import vae.checkpoint.Checkpoint;
import vae.checkpoint.CheckpointException;
import vae.data.Mnist;
import vae.model.Vae;
import vae.report.ExplorerTimeline;
import vae.report.Figures;
import vae.report.PlotlyPage;
import vae.report.Projection;
import vae.report.ReconstructionTimeline;
import vae.report.ReportException;
import vae.tensor.Kernels;
import vae.train.Checkpoints;
import vae.train.History;
import vae.train.Trainer;

/** {@code vae figures}: the report's figures of a saved model, written to OUT/figures/. */
@Command(name = "figures", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Draw the report's figures of a saved model into OUT/figures/.",
            "Training images, reconstructions, samples from the prior, the latent space by digit, the manifold and a"
                + " latent walk; the loss curves when a history is found (--history, the checkpoint's metadata,"
                + " OUT/history.csv, or history.csv beside the checkpoint or one folder up); the reconstructions across"
                + " training when the run's other checkpoints lie beside this one; explorer.html, the latent space to point at,"
                + " and explorer_training.html, the same epoch by epoch, from the same checkpoints."})
final class FiguresCommand implements Callable<Integer> {

    @Mixin
    ComputeOptions compute = new ComputeOptions();

    @Option(names = "--checkpoint", paramLabel = "FILE", required = true, description = "The model: a .safetensors checkpoint.")
    Path checkpoint;

    @Option(names = "--out", paramLabel = "DIR", description = "The figures go to DIR/figures/ (default: the current folder).")
    Path out = Path.of(".");

    @Option(names = "--data", paramLabel = "DIR", description = "Folder with the IDX files of MNIST or Fashion-MNIST (default: ${DEFAULT-VALUE}).")
    Path data = Mnist.DIR;

    @Option(names = "--history", paramLabel = "FILE", description = "The run's history.csv, for the loss curves (default: searched, see above).")
    Path history;

    @Option(names = "--plotly-js", paramLabel = "URL", description = "Where the HTML charts load plotly.js from: a URL, or a path relative to the page (default: ${DEFAULT-VALUE},"
                + " a copy of plotly.js written beside the pages, so that they need no network).")
    String plotlyJs = PlotlyPage.defaultLocation();

    @Option(names = "--seed", description = "Seed of the samples drawn from N(0, I) (default: ${DEFAULT-VALUE}).")
    long seed = 42;

    @Option(names = "--projection", paramLabel = "none|pca|tsne",
            description = {"How the latent-space chart shows more than 2 latent dimensions: the first two coordinates (none),"
                + " the two principal axes (pca, the default beyond 2), or a t-SNE map of a random subset of the test images (tsne)."})
    String projection;

    @Option(names = "--tsne-images", paramLabel = "N", description = "Test images in a t-SNE map (default: ${DEFAULT-VALUE}; exact t-SNE costs N² a step).")
    int tsneImages = Projection.TSNE_IMAGES;

    @Override
    public Integer call() {
        compute.check();
        Projection shown = projection == null ? null : Projection.of(projection);
        OptionCheck.atLeast("--tsne-images", tsneImages, 2);
        Checkpoint saved = Checkpoint.load(checkpoint);
        Path folder = Figures.folder(out);
        Trainer.prepareOutput(folder);
        Mnist train = Mnist.load(data, true, Mnist.SIDE);
        Mnist test = Mnist.load(data, false, Mnist.SIDE);
        String other = Checkpoints.otherDataSet(saved, test.dataSet());
        if (other != null) {
            System.err.println(other);
        }
        try (Kernels k = compute.open(System.out)) {
            Vae model = new Vae(k, saved.config(), EvaluateCommand.BATCH);
            ExplorerTimeline frames = new ExplorerTimeline(k, test);
            ReconstructionTimeline timeline = timeline(saved, k, test, frames);
            saved.restoreModel(model, k);
            Table losses = findHistory(saved);
            Figures figures = new Figures(model, k, seed, plotlyJs).projection(shown, tsneImages).training(frames);
            for (Path file : figures.write(folder, train, test, losses, timeline)) {
                System.out.println("Wrote " + file);
            }
            if (!saved.config().kind().variational()) {
                System.out.println(Figures.SAMPLES_CAVEAT);
            }
            if (losses == null) {
                System.out.println("No history.csv found: no loss curves (give one with --history)");
            }
        }
        return 0;
    }

    //> figures timeline
    // the reconstructions across training, from the run's end-of-epoch checkpoints in the same
    // folder up to this one (about ten of them, spread as in training, or every one there is when
    // too few of them fall on those epochs); null when there is no other. The explorer's frames of
    // the same epochs go into frames.
    static ReconstructionTimeline timeline(Checkpoint saved, Kernels k, Mnist test, ExplorerTimeline frames) {
        TreeMap<Integer, Checkpoint> all = new TreeMap<>(), run = new TreeMap<>();
        for (Path file : siblings(saved.file())) {
            Checkpoint other = tryLoad(file);
            if (other != null && other.config().equals(saved.config()) && endOfEpoch(other) && other.epoch() <= saved.epoch()) {
                all.putIfAbsent(other.epoch(), other);
                if (ReconstructionTimeline.due(other.epoch(), saved.epoch())) {
                    run.putIfAbsent(other.epoch(), other);
                }
            }
        }
        if (run.size() < 2) {
            run = all;
        }
        if (run.size() < 2) {
            return null;
        }
        ReconstructionTimeline timeline = new ReconstructionTimeline(k, test);
        Vae model = new Vae(k, saved.config(), EvaluateCommand.BATCH);
        for (Checkpoint c : run.values()) {
            c.restoreModel(model, k);
            timeline.record(c.epoch(), model);
            frames.record(c.epoch(), model);
        }
        return timeline;
    }
    //< figures timeline

    // saved after a whole epoch (not by Ctrl-C in the middle of one)
    private static boolean endOfEpoch(Checkpoint c) {
        String batches = c.metadata().get("batches_done");
        return c.epoch() > 0 && (batches == null || batches.equals("0"));
    }

    private static List<Path> siblings(Path file) {
        Path dir = file.toAbsolutePath().getParent();
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".safetensors")).sorted().toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    private static Checkpoint tryLoad(Path file) {
        try {
            return Checkpoint.load(file);
        } catch (CheckpointException e) {
            return null; // not one of this run's checkpoints: it simply gets no row
        }
    }

    /** The history for the loss curves, or null: --history, the checkpoint's metadata, then history.csv files. */
    Table findHistory(Checkpoint saved) {
        if (history != null) {
            return readHistory(history);
        }
        String csv = saved.metadata().get("history");
        if (csv != null) {
            try {
                return Table.read().usingOptions(CsvReadOptions.builder(new StringReader(csv)).tableName("history"));
            } catch (RuntimeException e) {
                throw new ReportException(saved.file() + ": the history in its metadata is not CSV (" + e.getMessage() + ")", e);
            }
        }
        Path dir = saved.file().toAbsolutePath().getParent();
        for (Path candidate : new Path[] {out.resolve(History.FILE), dir.resolve(History.FILE),
            dir.getParent() == null ? null : dir.getParent().resolve(History.FILE)}) {
            if (candidate != null && Files.isRegularFile(candidate)) {
                return readHistory(candidate);
            }
        }
        return null;
    }

    private static Table readHistory(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new ReportException(file + ": no such history file");
        }
        try {
            return Table.read().csv(file.toFile());
        } catch (RuntimeException e) {
            throw new ReportException(file + ": cannot read as CSV (" + e.getMessage() + ")", e);
        }
    }
}
