package vae.cli;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import vae.checkpoint.Checkpoint;
import vae.data.Binarize;
import vae.data.Mnist;
import vae.model.ModelKind;
import vae.model.VaeConfig;
import vae.tensor.Kernels;
import vae.report.ExplorerTimeline;
import vae.report.Figures;
import vae.report.PlotlyPage;
import vae.report.ReconstructionTimeline;
import vae.train.Checkpoints;
import vae.train.Metrics;
import vae.train.Position;
import vae.train.TrainConfig;
import vae.train.Trainer;

/** {@code vae train}: the seed's training run, with its settings as defaults. */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Train the VAE on MNIST. Defaults are the seed's: 100 epochs, batch 128, lr 1e-3, seed 42.")
final class TrainCommand implements Callable<Integer> {

    @Mixin
    ComputeOptions compute = new ComputeOptions();

    @Option(names = "--epochs", description = "Number of passes over the 60,000 training images (default: ${DEFAULT-VALUE}).")
    int epochs = 100;

    @Option(names = "--batch-size", description = "Images per Adam step (default: ${DEFAULT-VALUE}).")
    int batchSize = 128;

    @Option(names = "--lr", description = "Adam's learning rate (default: ${DEFAULT-VALUE}).")
    double lr = 1e-3;

    @Option(names = "--seed", description = "Seed of every random number: initial weights, shuffling, noise (default: ${DEFAULT-VALUE}).")
    long seed = 42;

    @Option(names = "--data", paramLabel = "DIR", description = "Folder with the four IDX files, .gz or raw: MNIST (the default), or Fashion-MNIST as the package dataset-fashion-mnist installs it in /usr/share/datasets/fashion-mnist (default: ${DEFAULT-VALUE}).")
    Path data = Path.of("data", "mnist");

    @Option(names = "--out", paramLabel = "DIR", description = "Where history.csv, checkpoints/ and figures/ go (default: the current folder).")
    Path out = Path.of(".");



    @Option(names = "--model", paramLabel = "vae|ae",
            description = {"'vae' (the default): the seed's variational autoencoder. 'ae': a plain autoencoder of the same"
                + " shape, the exercise's extra-credit comparison: the mu head alone, z = mu (no noise), loss = the BCE alone (no KL)."})
    String model = ModelKind.VAE.option();

    @Option(names = "--hidden", description = "Width of the hidden layers (default: ${DEFAULT-VALUE}, the seed's hidden_dim).")
    int hidden = VaeConfig.SEED.hidden();

    @Option(names = "--feature", description = "Width of the encoder's output that both heads read (default: ${DEFAULT-VALUE}, the seed's latent_dim).")
    int feature = VaeConfig.SEED.feature();

    @Option(names = "--latent", description = "Dimensions of z (default: ${DEFAULT-VALUE}).")
    int latent = VaeConfig.SEED.latent();

    @Option(names = "--checkpoint-every", paramLabel = "K",
            description = "Save OUT/checkpoints/vae_epoch_NNN.safetensors every K epochs, and after the last (default: ${DEFAULT-VALUE}).")
    int checkpointEvery = 10;

    @Option(names = "--resume", paramLabel = "FILE",
            description = "Go on from a checkpoint of this program, exactly as if never stopped, up to --epochs in all.")
    Path resume;

    @Option(names = "--init", paramLabel = "FILE",
            description = "Start a new run from the weights of a checkpoint (e.g. one exported from PyTorch).")
    Path init;

    @Option(names = "--keep-best", description = "With --validation: also keep checkpoints/vae_best.safetensors, the model of the"
            + " epoch with the lowest validation loss so far (what early stopping would have kept).")
    boolean keepBest;

    @Option(names = "--binarize", paramLabel = "none|dynamic|fixed",
            description = {"Black-and-white pixels, each drawn as 1 with probability its intensity, as published MNIST"
                + " likelihoods use: 'dynamic' draws the training images anew every epoch, 'fixed' once;"
                + " the test images are drawn once either way. 'none' (the default) keeps the grey images, as the seed does."})
    String binarize = "none";

    @Option(names = "--validation", paramLabel = "N",
            description = "Hold out N training images and track their loss per epoch (default: ${DEFAULT-VALUE}, the seed's setup).")
    int validation = 0;

    @Option(names = "--figures", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Write OUT/figures/ when training ends (--no-figures skips them; default: on).")
    boolean figures = true;

    @Option(names = "--plotly-js", paramLabel = "URL",
            description = "Where the HTML figures load plotly.js from: a URL, or a path relative to the page (default: a copy of"
                + " plotly.js written beside the pages, so that they need no network; or the system property vae.plotly.js).")
    String plotlyJs;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        Checkpoint from = resume != null ? Checkpoint.load(resume) : null;
        if (from != null) {
            adoptSettings(from);
        }
        TrainConfig config = config();
        Checkpoint initial = init != null ? Checkpoint.load(init) : null;
        Trainer.prepareOutput(config.out());
        Mnist[] split = Trainer.holdOut(Mnist.load(config.data(), true, Mnist.SIDE), validation, config.seed());
        Binarize bits = Binarize.of(binarize);
        Mnist train = bits.loadedTraining(split[0], config.seed());
        Mnist held = split[1] == null ? null : bits.heldOut(split[1], config.seed(), 1);
        Mnist test = bits.heldOut(Mnist.load(config.data(), false, Mnist.SIDE), config.seed(), 0);
        if (from != null && Checkpoints.otherDataSet(from, train.dataSet()) != null) {
            throw new IllegalArgumentException(resume + ": was trained on " + Checkpoints.dataSet(from) + ", but --data "
                    + config.data() + " holds " + train.dataSet().name());
        }
        try (Kernels k = compute.open(System.out)) {
            Trainer trainer = new Trainer(config, k, train, held, test, System.out);
            trainer.setBinarize(bits);
            Position start = Position.after(0);
            if (from != null) {
                start = Checkpoints.restore(from, trainer);
                System.out.printf("Resuming %s: %d epoch(s) done%s%n", resume, start.epochsDone(),
                        start.atEpochStart() ? "" : ", " + start.batches() + " batches into the next");
            } else if (initial != null) {
                initial.restoreModel(trainer.model(), k);
                System.out.printf("Starting from the weights of %s%n", init);
            }
            System.out.printf("Training%s on %,d %s images%s (test %,d), %s, %,d parameters%n",
                    config.model().kind().variational() ? "" : " " + config.model().kind().description(), train.count(), train.dataSet().name(), switch (bits) {
                        case NONE -> "";
                        case DYNAMIC -> ", binarised anew every epoch";
                        case FIXED -> ", binarised once";
                    }, test.count(), ComputeOptions.describe(k, config.threads()), config.model().parameterCount());
            Checkpoints checkpoints = new Checkpoints(config.out(), checkpointEvery, keepBest);
            ReconstructionTimeline timeline = new ReconstructionTimeline(k, test);
            ExplorerTimeline frames = new ExplorerTimeline(k, test);
            trainer.setListener(new Trainer.Listener() {
                @Override
                public void epochDone(Trainer t, int epoch, Metrics trainLoss, Metrics testLoss) {
                    checkpoints.epochDone(t, epoch, trainLoss, testLoss);
                    if (ReconstructionTimeline.due(epoch, config.epochs())) {
                        timeline.record(epoch, t.model());
                        if (figures) {
                            frames.record(epoch, t.model());
                        }
                    }
                }

                @Override
                public void stopped(Trainer t, Position at) {
                    checkpoints.stopped(t, at);
                }
            });
            int code = runStoppable(trainer, start, checkpoints);
            if (figures && trainer.history().rows() == config.epochs()) { // finished, not stopped
                Path figures = Figures.folder(config.out());
                String js = plotlyJs != null ? plotlyJs : PlotlyPage.defaultLocation();
                new Figures(trainer.model(), k, config.seed(), js).training(frames)
                        .write(figures, train, test, trainer.history().table(), timeline);
                System.out.println("Figures in " + figures);
                if (!config.model().kind().variational()) {
                    System.out.println(Figures.SAMPLES_CAVEAT);
                }
            }
            return code;
        }
    }

    //> cli ctrl-c
    /**
     * Ctrl-C (SIGINT) or a plain kill (SIGTERM) runs the JVM's shutdown hooks: ours asks the
     * trainer to stop at the next batch boundary, waits while it saves a checkpoint, then lets the
     * JVM exit.
     */
    private int runStoppable(Trainer trainer, Position start, Checkpoints checkpoints) {
        CountDownLatch finished = new CountDownLatch(1);
        AtomicBoolean stopping = new AtomicBoolean();
        Thread hook = new Thread(() -> {
            stopping.set(true);
            trainer.requestStop();
            try {
                finished.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            trainer.run(start);
        } finally {
            if (stopping.get()) { // said before the hook is released: the JVM ends as soon as it returns
                System.out.println("Stopped; saved " + checkpoints.lastSaved()
                        + " (go on with --resume " + checkpoints.lastSaved() + ")");
                System.out.flush();
            }
            finished.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the JVM is already ending: the hook is running
            }
        }
        return 0;
    }
    //< cli ctrl-c

    /** On --resume, the model's sizes and the run's settings are the checkpoint's; a flag given too must agree. */
    private void adoptSettings(Checkpoint cp) {
        VaeConfig saved = cp.config();
        model = agree("--model", model, saved.kind().option());
        hidden = agree("--hidden", hidden, saved.hidden());
        feature = agree("--feature", feature, saved.feature());
        latent = agree("--latent", latent, saved.latent());
        batchSize = agree("--batch-size", batchSize, Integer.parseInt(setting(cp, "batch_size")));
        seed = agree("--seed", seed, Long.parseLong(setting(cp, "seed")));
        double savedLr = Double.parseDouble(setting(cp, "lr"));
        if (given("--lr") && lr != savedLr) {
            throw new IllegalArgumentException(resume + ": --lr " + lr + " conflicts with the checkpoint's lr " + savedLr);
        }
        lr = savedLr;
        binarize = agree("--binarize", binarize, Checkpoints.binarize(cp).option());
        validation = agree("--validation", validation, Integer.parseInt(cp.metadata().getOrDefault("validation", "0")));
        if (!given("--epochs")) {
            epochs = Integer.parseInt(setting(cp, "epochs"));
        }
        if (epochs < cp.epoch()) {
            throw new IllegalArgumentException(resume + ": --epochs " + epochs + " is fewer than the "
                    + cp.epoch() + " epochs the checkpoint has done");
        }
    }

    private String setting(Checkpoint cp, String key) {
        String value = cp.metadata().get(key);
        if (value == null) {
            throw new IllegalArgumentException(resume + ": has no '" + key + "' in its metadata, so it was not saved"
                    + " by a training run and cannot be resumed (--init FILE starts a new run from its weights)");
        }
        return value;
    }

    private <T> T agree(String option, T value, T saved) {
        if (given(option) && !value.equals(saved)) {
            throw new IllegalArgumentException(resume + ": " + option + " " + value
                    + " conflicts with the checkpoint's " + saved);
        }
        return saved;
    }

    private boolean given(String option) {
        return spec != null && spec.commandLine().getParseResult().hasMatchedOption(option);
    }

    TrainConfig config() {
        OptionCheck.atLeast("--epochs", epochs, 1);
        OptionCheck.atLeast("--batch-size", batchSize, 1);
        OptionCheck.atMost("--batch-size", batchSize, 60_000);
        OptionCheck.positiveFinite("--lr", lr);
        OptionCheck.size("--hidden", hidden);
        OptionCheck.size("--feature", feature);
        OptionCheck.size("--latent", latent);
        OptionCheck.atLeast("--checkpoint-every", checkpointEvery, 1);
        OptionCheck.atLeast("--validation", validation, 0);
        if (keepBest && validation == 0) {
            throw new IllegalArgumentException("--keep-best keeps the epoch with the lowest validation loss: it needs --validation N");
        }
        if (Arrays.stream(Binarize.values()).noneMatch(b -> b.option().equals(binarize))) {
            throw new IllegalArgumentException("--binarize " + binarize + ": none, dynamic or fixed");
        }
        if (resume != null && init != null) {
            throw new IllegalArgumentException("--resume and --init cannot be used together");
        }
        compute.check();
        VaeConfig sizes = new VaeConfig(784, hidden, feature, latent, ModelKind.of(model));
        return new TrainConfig(sizes, epochs, batchSize, lr, seed, data, out, compute.threads);
    }
}
