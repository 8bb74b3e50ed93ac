package vae.train;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
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
    static final long SHUFFLE = 1, NOISE = 2, TEST_NOISE = 3;

    private final TrainConfig config;
    private final Kernels k;
    private final Mnist train;
    private final Mnist test;
    private final PrintStream out;
    private final Vae model;
    private final VaeLoss loss;
    private final Adam adam;
    private final Batch batch;
    private final Evaluator evaluator;
    private final History history = new History();
    private final int[] order;

    public Trainer(TrainConfig config, Kernels k, Mnist train, Mnist test, PrintStream out) {
        this.config = config;
        this.k = k;
        this.train = train;
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

    /** Trains for the configured number of epochs, printing progress; returns the history. */
    public History run() {
        Path historyFile = config.out().resolve(History.FILE);
        for (int epoch = 1; epoch <= config.epochs(); epoch++) {
            long start = System.nanoTime();
            Metrics trainMetrics = trainEpoch(epoch);
            double seconds = (System.nanoTime() - start) / 1e9;
            Metrics testMetrics = evaluator.evaluate(test, Rng.stream(config.seed(), TEST_NOISE, epoch));
            out.printf("Epoch %d/%d - Average loss: %.6f - test loss: %.6f (BCE %.4f + KL %.4f) - %.2f s%n",
                    epoch, config.epochs(), trainMetrics.loss(), testMetrics.loss(), testMetrics.bce(),
                    testMetrics.kl(), seconds);
            history.add(epoch, trainMetrics, testMetrics, seconds);
            history.write(historyFile);
        }
        return history;
    }

    //> train epoch
    Metrics trainEpoch(int epoch) {
        int n = train.count();
        Rng.stream(config.seed(), SHUFFLE, epoch).shuffle(order, n);
        Rng noise = Rng.stream(config.seed(), NOISE, epoch);
        double bce = 0, kl = 0;
        int batchIndex = 0;
        String task = "Epoch " + epoch + "/" + config.epochs();
        try (Progress progress = new Progress(task, n, out)) {
            for (int from = 0; from < n; from += config.batchSize()) {
                int B = Math.min(config.batchSize(), n - from);
                batch.load(train, order, from, B, noise);

                loss.compute(model.forward(batch.x, batch.eps, B), batch.x, model.mu(), model.logvar(), B);
                model.backward(loss.dLogits(), B); // gradients are overwritten: no zero_grad()
                adam.step();

                checkFinite(loss.total(), epoch, ++batchIndex);
                bce += loss.bce();
                kl += loss.kl();
                progress.step(B, loss.total() / B);
            }
        }
        return Metrics.ofSums(bce, kl, n);
    }
    //< train epoch

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

    /** Creates the output folder (and its parents) or says why it cannot. */
    public static void prepareOutput(Path out) {
        try {
            Files.createDirectories(out);
        } catch (Exception e) {
            throw new TrainingException(out + ": cannot create the output folder (" + e.getMessage() + ")");
        }
        if (!Files.isWritable(out)) {
            throw new TrainingException(out + ": the output folder is not writable");
        }
    }
}
