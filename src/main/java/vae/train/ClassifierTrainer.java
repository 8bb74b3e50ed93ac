package vae.train;

import static vae.nn.Purpose.CLASSIFIER_SHUFFLE;
import static vae.nn.Purpose.CLASSIFIER_WEIGHTS;

import java.io.PrintStream;
import java.util.Arrays;
import vae.data.Mnist;
import vae.model.Classifier;
import vae.model.SoftmaxCrossEntropy;
import vae.nn.Rng;
import vae.optim.Adam;
import vae.tensor.Kernels;
import vae.tensor.Tensor;

/**
 * Trains the digit {@link Classifier} that judges a VAE's samples: for every epoch, shuffle the
 * training images, and for every batch run forward, the softmax cross-entropy, backward and one
 * Adam step; then measure the accuracy on the test images. The same loop as the VAE's
 * {@link Trainer}, with labels instead of noise.
 */
public final class ClassifierTrainer {
    /** The classes of MNIST and Fashion-MNIST. */
    public static final int CLASSES = 10;

    private final Kernels k;
    private final Classifier model;
    private final SoftmaxCrossEntropy loss;
    private final Adam adam;
    private final Tensor x;        // (maxB, IN)
    private final int[] labels;    // (maxB)
    private final int batchSize;
    private final long seed;
    private final PrintStream out;

    public ClassifierTrainer(Kernels k, int input, int hidden, int batchSize, double lr, long seed, PrintStream out) {
        this.k = k;
        this.model = new Classifier(k, input, hidden, CLASSES, batchSize);
        this.loss = new SoftmaxCrossEntropy(k, CLASSES, batchSize);
        this.x = k.allocate(batchSize, input);
        this.labels = new int[batchSize];
        this.batchSize = batchSize;
        this.seed = seed;
        this.out = out;
        model.initialize(Rng.stream(seed, CLASSIFIER_WEIGHTS, 0));
        this.adam = new Adam(k, model.parameters(), lr);
    }

    /** Trains {@code epochs} epochs on train, printing a line per epoch with the accuracy on test; returns that accuracy. */
    public double train(Mnist train, Mnist test, int epochs) {
        double accuracy = Double.NaN;
        for (int epoch = 1; epoch <= epochs; epoch++) {
            long begin = System.nanoTime();
            double trainLoss = trainEpoch(train, epoch, epochs);
            double seconds = (System.nanoTime() - begin) / 1e9;
            accuracy = accuracy(test);
            if (!Double.isFinite(trainLoss)) {
                throw new TrainingException("the classifier's loss became " + trainLoss + " in epoch " + epoch
                        + ": training diverged (try a smaller --lr)");
            }
            out.printf("Epoch %d/%d - Average loss: %.6f - test accuracy: %.4f - %.2f s%n",
                    epoch, epochs, trainLoss, accuracy, seconds);
        }
        return accuracy;
    }

    //> classifier train-epoch
    // one pass over the training images in an order of (seed, epoch) alone; returns the mean loss per image
    double trainEpoch(Mnist train, int epoch, int epochs) {
        int n = train.count();
        int[] order = Evaluator.identity(n);
        Rng.stream(seed, CLASSIFIER_SHUFFLE, epoch).shuffle(order, n);
        double sum = 0;
        try (Progress progress = new Progress("Epoch " + epoch + "/" + epochs, n, out)) {
            for (int from = 0; from < n; from += batchSize) {
                int B = Math.min(batchSize, n - from);
                load(train, order, from, B);
                loss.compute(model.forward(x, B), labels, B);
                model.backward(loss.dLogits(), B);    // gradients are overwritten: no zero_grad()
                adam.step();
                sum += loss.loss() * B;
                progress.step(B, loss.loss());
            }
        }
        return sum / n;
    }
    //< classifier train-epoch

    /** The share of data's images whose most probable class is their label. */
    public double accuracy(Mnist data) {
        int n = data.count(), correct = 0;
        int[] order = Evaluator.identity(n);
        for (int from = 0; from < n; from += batchSize) {
            int B = Math.min(batchSize, n - from);
            load(data, order, from, B);
            loss.compute(model.forward(x, B), labels, B);
            correct += loss.correct();
        }
        return correct / (double) n;
    }

    // images order[from .. from+B) into x, their labels into labels[0 .. B)
    private void load(Mnist data, int[] order, int from, int B) {
        k.uploadImages(data.imageBytes(), data.imageSize(), order, from, B, x);
        for (int r = 0; r < B; r++) {
            labels[r] = data.label(order[from + r]);
        }
    }

    public Classifier model() {
        return model;
    }
}
