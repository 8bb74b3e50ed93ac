package vae.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static vae.GradCheck.check;
import static vae.GradCheck.download;
import static vae.GradCheck.random;
import static vae.GradCheck.tensor;
import static vae.GradCheck.toFloat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.function.DoubleSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import vae.data.Mnist;
import vae.fast.VectorKernels;
import vae.tensor.Kernels;
import vae.tensor.Tensor;
import vae.train.ClassifierTrainer;

/** The digit classifier: its loss and every gradient checked numerically, and what it learns on MNIST. */
class ClassifierTest {
    static final int B = 3, C = 10;

    static java.util.stream.Stream<Kernels> kernels() {
        return vae.GradCheck.kernels();
    }

    // the mean over the rows of −log softmax(a)_y, in double, the plain way (exp, sum, divide, log)
    static double naiveCrossEntropy(double[] a, int[] labels, int classes) {
        double sum = 0;
        for (int r = 0; r < labels.length; r++) {
            double z = 0;
            for (int c = 0; c < classes; c++) {
                z += Math.exp(a[r * classes + c]);
            }
            sum -= Math.log(Math.exp(a[r * classes + labels[r]]) / z);
        }
        return sum / labels.length;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kernels")
    void softmaxCrossEntropyGradientIsSoftmaxMinusOneHot(Kernels k) {
        Random r = new Random(11);
        double[] a = random(r, B * C, -6, 6);
        int[] labels = {3, 0, 9};
        SoftmaxCrossEntropy loss = new SoftmaxCrossEntropy(k, C, B);
        loss.compute(tensor(k, B, C, a), labels, B);
        DoubleSupplier naive = () -> naiveCrossEntropy(a, labels, C);
        assertEquals(naive.getAsDouble(), loss.loss(), 1e-6, "the stable form equals the plain one");
        assertEquals(B * C, check("softmax cross-entropy dlogits", download(k, loss.dLogits()), a, 1, naive),
                "dlogits entries checked");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kernels")
    void softmaxCrossEntropyStaysFiniteForHugeLogits(Kernels k) {
        // exp(1000) overflows a double: the plain form gives NaN, the stable one the right answer
        double[] a = {1000, 0, -1000, 0, 0, 0, 0, 0, 0, 0};
        SoftmaxCrossEntropy loss = new SoftmaxCrossEntropy(k, C, 1);
        loss.compute(tensor(k, 1, C, a), new int[] {1}, 1);
        assertEquals(1000, loss.loss(), 1e-9, "−log p_1 = log Σ exp(a) − a_1 = 1000 − 0");
        float[] d = download(k, loss.dLogits());
        assertEquals(1, d[0], 1e-6, "p_0 = 1");
        assertEquals(-1, d[1], 1e-6, "p_1 − 1 = −1");
        assertEquals(0, loss.correct(), "the largest logit is class 0, the label 1");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kernels")
    void everyParameterGradientOfTheClassifier(Kernels k) {
        int in = 7, hidden = 5, classes = 4;
        Random r = new Random(12);
        double[] x = random(r, B * in, 0, 1);
        double[] w1 = random(r, hidden * in, -1, 1), b1 = random(r, hidden, -0.5, 0.5);
        double[] w2 = random(r, classes * hidden, -1, 1), b2 = random(r, classes, -0.5, 0.5);
        int[] labels = {2, 0, 3};
        Classifier model = new Classifier(k, in, hidden, classes, B);
        double[][] values = {w1, b1, w2, b2};
        for (int p = 0; p < 4; p++) {
            k.upload(toFloat(values[p]), values[p].length, model.parameters().get(p).value);
        }
        SoftmaxCrossEntropy loss = new SoftmaxCrossEntropy(k, classes, B);
        loss.compute(model.forward(tensor(k, B, in, x), B), labels, B);
        model.backward(loss.dLogits(), B);

        DoubleSupplier reference = () -> {           // the forward pass in double: fc1, ReLU, fc2, the loss
            double[] logits = new double[B * classes];
            for (int row = 0; row < B; row++) {
                double[] h = new double[hidden];
                for (int j = 0; j < hidden; j++) {
                    double s = b1[j];
                    for (int i = 0; i < in; i++) {
                        s += w1[j * in + i] * x[row * in + i];
                    }
                    h[j] = Math.max(s, 0);
                }
                for (int c = 0; c < classes; c++) {
                    double s = b2[c];
                    for (int j = 0; j < hidden; j++) {
                        s += w2[c * hidden + j] * h[j];
                    }
                    logits[row * classes + c] = s;
                }
            }
            return naiveCrossEntropy(logits, labels, classes);
        };
        String[] names = {"fc1.weight", "fc1.bias", "fc2.weight", "fc2.bias"};
        for (int p = 0; p < 4; p++) {
            assertEquals(values[p].length, check("d" + names[p], download(k, model.parameters().get(p).grad), values[p], 1,
                    reference), names[p] + " entries checked");
        }
    }

    @Test
    void featuresAreTheHiddenLayerAfterItsRelu() {
        Kernels k = new vae.tensor.ScalarKernels();
        Classifier model = new Classifier(k, 2, 3, 2, 1);
        k.upload(new float[] {1, 0, 0, 1, -1, -1}, 6, model.parameters().get(0).value); // h = relu(x1, x2, −x1 − x2)
        Tensor x = tensor(k, 1, 2, new double[] {2, -3});
        model.forward(x, 1);
        float[] h = download(k, model.features());
        assertEquals(2, h[0]);
        assertEquals(0, h[1], "relu(−3)");
        assertEquals(1, h[2], "relu(−2 + 3)");
    }

    //> classifier accuracy-test
    @Test
    void learnsMnistToOverNinetySevenPercentInFiveEpochs() {
        Mnist train = Mnist.load(Mnist.DIR, true, Mnist.SIDE);
        Mnist test = Mnist.load(Mnist.DIR, false, Mnist.SIDE);
        ByteArrayOutputStream lines = new ByteArrayOutputStream();
        try (Kernels k = new VectorKernels(2)) {
            ClassifierTrainer trainer = new ClassifierTrainer(k, 784, 400, 128, 1e-3, 42,
                    new PrintStream(lines, true, StandardCharsets.UTF_8));
            double accuracy = trainer.train(train, test, 5);
            assertTrue(accuracy >= 0.97, "test accuracy " + accuracy + " after 5 epochs:\n" + lines);
        }
    }
    //< classifier accuracy-test
}
