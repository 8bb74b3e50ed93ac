package vae.train;

import static vae.nn.Purpose.NOISE;
import static vae.nn.Purpose.SHUFFLE;
import static vae.nn.Purpose.TEST_NOISE;
import static vae.nn.Purpose.VALIDATION;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import vae.data.Binarize;
import vae.data.DataSet;
import vae.data.Mnist;
import vae.model.Vae;
import vae.model.VaeConfig;
import vae.model.VaeLoss;
import vae.nn.Rng;
import vae.optim.Adam;
import vae.tensor.Kernels;

/**
 * The seed's {@code train()} loop: for every epoch, shuffle the training images, and for every
 * batch run forward, loss, backward and one Adam step; then measure the test loss and write a
 * row of {@code history.csv}.
 *
 * <p>Every random number of epoch e comes from a stream named by (seed, purpose, e), so an epoch
 * is the same whether the run got there in one go or resumed from a checkpoint.
 */
public final class Trainer {
    // the purposes random streams are drawn for; VALIDATION's "epoch 0" picks the held-out images,
    // its epochs 1, 2, ... draw the noise of their validation loss

    private final TrainConfig config;
    private final Kernels k;
    private final Mnist train;
    private final Mnist test;
    private final Mnist validation; // null: no validation split (the seed's setup)
    private Binarize binarize = Binarize.NONE;
    private final PrintStream out;
    private final Vae model;
    private final VaeLoss loss;
    private final Adam adam;
    private final Batch batch;
    private final Evaluator evaluator;
    private History history;
    private final int[] order;
    private volatile boolean stopRequested;
    private Listener listener = new Listener() { };

    public Trainer(TrainConfig config, Kernels k, Mnist train, Mnist test, PrintStream out) {
        this(config, k, train, null, test, out);
    }

    /** With a validation set: its loss is measured after every epoch, beside the test loss. */
    public Trainer(TrainConfig config, Kernels k, Mnist train, Mnist validation, Mnist test, PrintStream out) {
        this.config = config;
        this.k = k;
        this.train = train;
        this.validation = validation;
        this.history = new History(validation != null);
        this.test = test;
        this.out = out;
        VaeConfig c = config.model();
        this.model = new Vae(k, c, config.batchSize());
        this.loss = new VaeLoss(k, c, config.batchSize());
        this.batch = new Batch(k, c, config.batchSize());
        this.evaluator = new Evaluator(model, loss, batch);
        this.order = Evaluator.identity(train.count());
        model.initialize(config.seed());
        this.adam = new Adam(k, model.parameters(), config.lr());
    }

    /** Trains from the first epoch to the last, printing progress; returns the history. */
    public History run() {
        return run(Position.after(0));
    }

    //> train run
    /** Trains from {@code start} (a fresh run or a resumed one) to the last epoch. */
    public History run(Position start) {
        prepareOutput(config.out());
        Path historyFile = config.out().resolve(History.FILE);
        Position at = start;
        for (int epoch = start.epoch(); epoch <= config.epochs(); epoch++) {
            long begin = System.nanoTime();
            Metrics trainMetrics = trainEpoch(epoch, at);
            if (trainMetrics == null) {
                return history; // stopped on request, at a batch boundary
            }
            double seconds = (System.nanoTime() - begin) / 1e9;
            Metrics testMetrics = evaluator.evaluate(test, Rng.stream(config.seed(), TEST_NOISE, epoch));
            out.printf("Epoch %d/%d - Average loss: %.6f - test loss: %.6f (BCE %.4f + KL %.4f) - %.2f s%n",
                    epoch, config.epochs(), trainMetrics.loss(), testMetrics.loss(), testMetrics.bce(),
                    testMetrics.kl(), seconds);
            Metrics validationMetrics = null;
            if (validation != null) {
                validationMetrics = evaluator.evaluate(validation, Rng.stream(config.seed(), VALIDATION, epoch));
                out.printf("  validation loss: %.6f (BCE %.4f + KL %.4f) on %,d held-out images%n",
                        validationMetrics.loss(), validationMetrics.bce(), validationMetrics.kl(), validation.count());
            }
            checkFinite("test", testMetrics, epoch);
            checkFinite("validation", validationMetrics, epoch);
            history.add(epoch, trainMetrics, testMetrics, validationMetrics, seconds);
            history.write(historyFile);
            listener.epochDone(this, epoch, trainMetrics, testMetrics);
            at = Position.after(epoch);
        }
        return history;
    }
    //< train run

    //> train epoch
    // trains one epoch from position `at` (its first batch, or where a stopped run left off);
    // returns the epoch's loss per image, or null if asked to stop before the end
    Metrics trainEpoch(int epoch, Position at) {
        int n = train.count();
        Mnist images = binarize.trainingImages(train, config.seed(), epoch);   // the grey images, but with --binarize dynamic
        //> train order
        // each epoch shuffles 0..n-1 afresh: its order depends on (seed, epoch) alone. (Not a loop of
        // our own: 60,000 turns an epoch would make the JIT compile this whole method, lesson 13.)
        Arrays.setAll(order, i -> i);
        //< train order
        Rng.stream(config.seed(), SHUFFLE, epoch).shuffle(order, n);
        Rng noise = at.atEpochStart() ? Rng.stream(config.seed(), NOISE, epoch) : new Rng(at.noiseState());
        double bce = at.bceSum(), kl = at.klSum();
        int batches = at.batches();
        try (Progress progress = new Progress("Epoch " + epoch + "/" + config.epochs(), n, out)) {
            progress.step(Math.min(n, batches * config.batchSize()), Double.NaN);
            for (int from = batches * config.batchSize(); from < n; from += config.batchSize()) {
                if (stopRequested) {
                    listener.stopped(this, new Position(epoch, batches, bce, kl, noise.state()));
                    return null;
                }
                int B = Math.min(config.batchSize(), n - from);
                batch.load(images, order, from, B, noise);

                loss.compute(model.forward(batch.x, batch.eps, B), batch.x, model.mu(), model.logvar(), B);
                checkFinite(loss.total(), epoch, batches + 1);
                model.backward(loss.dLogits(), B); // gradients are overwritten: no zero_grad()
                adam.step();

                batches++;
                bce += loss.bce();
                kl += loss.kl();
                progress.step(B, loss.total() / B);
            }
        }
        return Metrics.ofSums(bce, kl, n);
    }
    //< train epoch

    /** Asks the run to stop at the next batch boundary (Ctrl-C); the listener saves what it needs. */
    public void requestStop() {
        stopRequested = true;
    }

    /** Hears about the end of every epoch and about a stop; the command line saves checkpoints there. */
    public interface Listener {
        default void epochDone(Trainer trainer, int epoch, Metrics train, Metrics test) {
        }

        default void stopped(Trainer trainer, Position at) {
        }
    }

    public void setListener(Listener listener) {
        this.listener = listener;
    }

    // the weights after the epoch's last step have only met the test set: a divergence shows there first
    private static void checkFinite(String split, Metrics metrics, int epoch) {
        if (metrics != null && !Double.isFinite(metrics.loss())) {
            throw new TrainingException("the " + split + " loss became " + metrics.loss() + " after epoch " + epoch
                    + ": training diverged (try a smaller --lr)");
        }
    }

    private static void checkFinite(double loss, int epoch, int batch) {
        if (!Double.isFinite(loss)) {
            throw new TrainingException("the loss became " + loss + " at epoch " + epoch + ", batch " + batch
                    + ": training diverged (try a smaller --lr)");
        }
    }

    public Vae model() {
        return model;
    }

    public Adam optimizer() {
        return adam;
    }

    public History history() {
        return history;
    }

    /** Continues a run: the rows of the epochs already done (from a checkpoint). */
    public void setHistory(History history) {
        if (history.hasValidation() != (validation != null)) {
            throw new IllegalArgumentException("the checkpoint's history " + (history.hasValidation() ? "has" : "has no")
                    + " validation columns, but this run " + (validation != null ? "has" : "has no") + " --validation");
        }
        this.history = history;
    }

    /** Training images held out for validation (0 for none). */
    public int validationSize() {
        return validation == null ? 0 : validation.count();
    }

    /** How the training images are binarised, if they are: DYNAMIC draws new bits every epoch. */
    public void setBinarize(Binarize binarize) {
        this.binarize = binarize;
    }

    public Binarize binarize() {
        return binarize;
    }

    /** The data set the model is trained on. */
    public DataSet dataSet() {
        return train.dataSet();
    }

    public TrainConfig config() {
        return config;
    }

    public Kernels kernels() {
        return k;
    }

    /**
     * Splits off {@code n} training images for validation, chosen by a shuffle seeded from
     * {@code seed}; returns {training, validation}. With n = 0 the training set is unchanged.
     */
    public static Mnist[] holdOut(Mnist train, int n, long seed) {
        if (n < 0 || n >= train.count()) {
            throw new IllegalArgumentException("--validation must be from 0 to " + (train.count() - 1) + ", got " + n);
        }
        if (n == 0) {
            return new Mnist[] {train, null};
        }
        int[] order = Evaluator.identity(train.count());
        Rng.stream(seed, VALIDATION, 0).shuffle(order, order.length);
        int[] kept = java.util.Arrays.copyOfRange(order, 0, train.count() - n);
        int[] held = java.util.Arrays.copyOfRange(order, train.count() - n, train.count());
        java.util.Arrays.sort(kept);
        java.util.Arrays.sort(held);
        return new Mnist[] {train.subset(kept), train.subset(held)};
    }

    /** Creates the output folder (and its parents) or says why it cannot. */
    public static void prepareOutput(Path out) {
        try {
            Files.createDirectories(out);
        } catch (Exception e) {
            throw new TrainingException(out + ": cannot create the output folder (" + TrainingException.reason(e) + ")", e);
        }
        if (!Files.isWritable(out)) {
            throw new TrainingException(out + ": the output folder is not writable");
        }
    }
}
