package vae.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import vae.checkpoint.Checkpoint;
import vae.checkpoint.ClassifierFile;
import vae.data.Mnist;
import vae.model.ModelKind;
import vae.model.VaeConfig;
import vae.report.Evaluation;
import vae.report.ExplorerTimeline;
import vae.report.Figures;
import vae.report.PlotlyPage;
import vae.report.ReconstructionTimeline;
import vae.report.ReportException;
import vae.report.SampleScores;
import vae.report.Sweep;
import vae.tensor.Kernels;
import vae.train.Checkpoints;
import vae.train.History;
import vae.train.Position;
import vae.train.TrainConfig;
import vae.train.Trainer;

/** {@code vae sweep}: the extra credit's comparison, models of several kinds and latent sizes trained alike. */
@Command(name = "sweep", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Train a model for every --models kind and --latent size with the seed's other settings (batch 128,"
                + " lr 1e-3, hidden 400, feature 10), evaluate each on the test images, and write OUT/sweep.csv and OUT/sweep.md"
                + " (model, latent, epochs, test_loss, test_bce, test_kl, iw_nll, active_units, seconds), each run's output"
                + " and figures in OUT/<model>-z<Z>/, and side-by-side figures in OUT/: reconstructions.png, samples.png,"
                + " latent_spaces.png.",
            "Run again, a sweep goes on from each run's last checkpoint, and reuses the runs that are done."})
final class SweepCommand implements Callable<Integer> {

    @Mixin
    ComputeOptions compute = new ComputeOptions();

    @Option(names = "--latent", paramLabel = "Z,Z,...", split = ",",
            description = "Latent sizes (default: 2,5,10,20).")
    List<Integer> latents = List.of(2, 5, 10, 20);

    @Option(names = "--models", paramLabel = "vae,ae", split = ",",
            description = "Kinds of model: vae, the seed's; ae, a plain autoencoder of the same shape (default: vae,ae).")
    List<String> models = List.of("vae", "ae");

    @Option(names = "--epochs", description = "Epochs of each run (default: ${DEFAULT-VALUE}, the seed's).")
    int epochs = 100;

    @Option(names = "--seed", description = "Seed of every run, and of the evaluation's noise (default: ${DEFAULT-VALUE}).")
    long seed = 42;

    @Option(names = "--data", paramLabel = "DIR", description = "Folder with the IDX files of MNIST or Fashion-MNIST (default: ${DEFAULT-VALUE}).")
    Path data = Mnist.DIR;

    @Option(names = "--out", paramLabel = "DIR", description = "Where the sweep's files and runs go (default: ${DEFAULT-VALUE}).")
    Path out = Path.of("sweep");

    @Option(names = "--samples", paramLabel = "K", description = "Samples per image of each VAE's importance-weighted bound, iw_nll (default: ${DEFAULT-VALUE}).")
    int samples = Evaluation.DEFAULT_SAMPLES;

    @Option(names = "--classifier", paramLabel = "FILE", description = {"A digit classifier (vae classifier writes one): add"
            + " the scores of each model's samples from N(0, I) to the table, sample_confidence, sample_class_entropy,"
            + " sample_inception and sample_frechet (see evaluate --classifier)."})
    Path classifier;

    @Option(names = "--checkpoint-every", paramLabel = "K", description = "Each run saves a checkpoint every K epochs and after its last (default: ${DEFAULT-VALUE}).")
    int checkpointEvery = 10;

    @Option(names = "--figures", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Write each run's figures in OUT/<model>-z<Z>/figures/ (--no-figures skips them; the side-by-side figures are always written).")
    boolean figures = true;

    @Option(names = "--plotly-js", paramLabel = "URL", description = "Where the HTML charts load plotly.js from (default: ${DEFAULT-VALUE}).")
    String plotlyJs = PlotlyPage.defaultLocation();

    //> sweep call
    @Override
    public Integer call() {
        List<VaeConfig> runs = runs();
        ClassifierFile judge = classifier == null ? null : ClassifierFile.load(classifier);
        Trainer.prepareOutput(out);
        Mnist train = Mnist.load(data, true, Mnist.SIDE);
        Mnist test = Mnist.load(data, false, Mnist.SIDE);
        if (judge != null && judge.input() != test.imageSize()) {
            throw new ReportException(classifier + ": the classifier reads " + judge.input() + " pixels, and the images have "
                    + test.imageSize());
        }
        Sweep sweep = new Sweep(test, seed).withColumns(judge == null ? List.of() : SCORES);
        try (Kernels k = compute.open(System.out)) {
            for (VaeConfig model : runs) {
                Path folder = out.resolve(model.kind().option() + "-z" + model.latent());
                System.out.printf("%n== %s, %d latent dimensions: %s%n", model.kind().description(), model.latent(), folder);
                TrainConfig config = new TrainConfig(model, epochs, 128, 1e-3, seed, data, folder, compute.threads);
                Trainer trainer = new Trainer(config, k, train, test, System.out);
                Position start = goOn(trainer, folder);
                trainer.setListener(new Checkpoints(folder, checkpointEvery));
                History history = trainer.run(start);

                Evaluation evaluation = Evaluation.run(trainer.model(), k, test, samples, seed, false, System.err);
                if (judge != null) {
                    evaluation.add(SampleScores.measure(trainer.model(), judge.restore(k, EvaluateCommand.BATCH), k, test, seed).rows());
                }
                evaluation.write(folder.resolve(Evaluation.FILE));
                double seconds = history.table().numberColumn("seconds").sum();
                sweep.add(trainer.model(), k, epochs, seconds, evaluation);
                if (figures) {
                    Checkpoint last = Checkpoint.load(Checkpoints.epochFile(folder.resolve(Checkpoints.FOLDER), epochs));
                    ExplorerTimeline frames = new ExplorerTimeline(k, test);
                    ReconstructionTimeline timeline = FiguresCommand.timeline(last, k, test, frames);
                    new Figures(trainer.model(), k, seed, plotlyJs).training(frames)
                            .write(Figures.folder(folder), train, test, history.table(), timeline);
                }
            }
        }
        for (Path file : sweep.write(out)) {
            System.out.println("Wrote " + file);
        }
        System.out.println();
        System.out.print(sweep.markdown());
        return 0;
    }
    //< sweep call

    /** The sample scores a sweep with --classifier adds to its table. */
    static final List<String> SCORES = List.of("sample_confidence", "sample_class_entropy", "sample_inception", "sample_frechet");

    /** The models to train, in order: every kind, and for each every latent size, as given (repeats dropped). */
    List<VaeConfig> runs() {
        compute.check();
        OptionCheck.atLeast("--epochs", epochs, 1);
        OptionCheck.atLeast("--samples", samples, 1);
        OptionCheck.atMost("--samples", samples, 100_000);
        OptionCheck.atLeast("--checkpoint-every", checkpointEvery, 1);
        List<VaeConfig> runs = new ArrayList<>();
        for (String kind : new LinkedHashSet<>(models)) {
            ModelKind k = ModelKind.named(kind.trim());
            if (k == null) {
                throw new IllegalArgumentException("--models " + kind + ": each is " + ModelKind.choices());
            }
            for (int latent : new LinkedHashSet<>(latents)) {
                OptionCheck.size("--latent", latent);
                runs.add(new VaeConfig(784, VaeConfig.SEED.hidden(), VaeConfig.SEED.feature(), latent, k));
            }
        }
        return runs;
    }

    //> sweep resume
    // a run's folder from an earlier sweep: go on from its last checkpoint (or, when it is done,
    // take it as it is), provided it is the same run: the same model, seed, batch, lr and data
    private Position goOn(Trainer trainer, Path folder) {
        Checkpoint last = lastCheckpoint(folder.resolve(Checkpoints.FOLDER));
        if (last == null) {
            return Position.after(0);
        }
        TrainConfig c = trainer.config();
        Map<String, String> meta = last.metadata();
        String why = !last.config().equals(c.model()) ? "another model"
                : !Long.toString(c.seed()).equals(meta.get("seed")) ? "seed " + meta.get("seed")
                : !Integer.toString(c.batchSize()).equals(meta.get("batch_size")) ? "batch size " + meta.get("batch_size")
                : !Double.toString(c.lr()).equals(meta.get("lr")) ? "lr " + meta.get("lr")
                : Checkpoints.otherDataSet(last, trainer.dataSet()) != null ? "data set " + Checkpoints.dataSet(last)
                : !"0".equals(meta.getOrDefault("validation", "0")) || !"none".equals(meta.getOrDefault("binarize", "none"))
                    ? "a validation split or binarised images" : null;
        if (why != null) {
            throw new IllegalArgumentException(folder + ": holds a run with " + why + ", not this sweep's; give the sweep"
                    + " another --out, or remove the folder");
        }
        Position start = Checkpoints.restore(last, trainer);
        System.out.printf("%s: %d epoch(s) done, from %s%n", start.epochsDone() >= c.epochs() ? "Done already" : "Going on",
                start.epochsDone(), last.file());
        return start;
    }

    // the checkpoint of the latest whole epoch, up to --epochs, in folder; null when there is none
    private Checkpoint lastCheckpoint(Path folder) {
        if (!Files.isDirectory(folder)) {
            return null;
        }
        for (int epoch = epochs; epoch >= 1; epoch--) {
            Path file = Checkpoints.epochFile(folder, epoch);
            if (Files.isRegularFile(file)) {
                return Checkpoint.load(file);
            }
        }
        return null;
    }
    //< sweep resume
}
