package vae.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static vae.GradCheck.check;
import static vae.GradCheck.download;
import static vae.GradCheck.random;
import static vae.GradCheck.tensor;

import java.util.Random;
import java.util.function.DoubleSupplier;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import vae.tensor.Kernels;
import vae.tensor.Tensor;

/**
 * Gradient checks of each layer alone. Each layer's output y is reduced to a scalar
 * {@code L = Σ y·R} with a fixed random R, so that {@code dL/dy = R} is what backward receives.
 */
class LayerGradientTest {
    static final int B = 3, IN = 7, OUT = 5;

    static java.util.stream.Stream<Kernels> kernels() {
        return vae.GradCheck.kernels();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kernels")
    void linearWeightsBiasAndInput(Kernels k) {
        Random r = new Random(1);
        double[] x = random(r, B * IN, -1, 1), w = random(r, OUT * IN, -1, 1), b = random(r, OUT, -1, 1);
        double[] R = random(r, B * OUT, -1, 1);

        Linear layer = new Linear(k, "fc", IN, OUT, B, true);
        k.upload(vae.GradCheck.toFloat(w), w.length, layer.weight.value);
        k.upload(vae.GradCheck.toFloat(b), b.length, layer.bias.value);
        layer.forward(tensor(k, B, IN, x), B);
        Tensor dx = layer.backward(tensor(k, B, OUT, R), B);

        DoubleSupplier loss = () -> {
            double sum = 0;
            for (int row = 0; row < B; row++) {
                for (int o = 0; o < OUT; o++) {
                    double y = b[o];
                    for (int i = 0; i < IN; i++) {
                        y += x[row * IN + i] * w[o * IN + i];
                    }
                    sum += y * R[row * OUT + o];
                }
            }
            return sum;
        };
        assertEquals(OUT * IN, check("dW", download(k, layer.weight.grad), w, 1, loss), "dW entries checked");
        assertEquals(OUT, check("db", download(k, layer.bias.grad), b, 1, loss), "db entries checked");
        assertEquals(B * IN, check("dx", download(k, dx), x, 1, loss), "dx entries checked");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kernels")
    void linearAddingSumsTheGradientsOfTwoLayers(Kernels k) {
        Random r = new Random(2);
        double[] x = random(r, B * IN, -1, 1), w1 = random(r, OUT * IN, -1, 1), w2 = random(r, OUT * IN, -1, 1);
        double[] R1 = random(r, B * OUT, -1, 1), R2 = random(r, B * OUT, -1, 1);
        Linear first = new Linear(k, "a", IN, OUT, B, true);
        Linear second = new Linear(k, "b", IN, OUT, B, false);
        k.upload(vae.GradCheck.toFloat(w1), w1.length, first.weight.value);
        k.upload(vae.GradCheck.toFloat(w2), w2.length, second.weight.value);
        Tensor input = tensor(k, B, IN, x);
        first.forward(input, B);
        second.forward(input, B);
        Tensor dx = first.backward(tensor(k, B, OUT, R1), B);
        second.backwardAdding(tensor(k, B, OUT, R2), dx, B);

        DoubleSupplier loss = () -> {
            double sum = 0;
            for (int row = 0; row < B; row++) {
                for (int o = 0; o < OUT; o++) {
                    double y1 = 0, y2 = 0;
                    for (int i = 0; i < IN; i++) {
                        y1 += x[row * IN + i] * w1[o * IN + i];
                        y2 += x[row * IN + i] * w2[o * IN + i];
                    }
                    sum += y1 * R1[row * OUT + o] + y2 * R2[row * OUT + o];
                }
            }
            return sum;
        };
        assertEquals(B * IN, check("dx of a shared input", download(k, dx), x, 1, loss), "dx entries checked");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kernels")
    void relu(Kernels k) {
        Random r = new Random(3);
        double[] a = random(r, B * OUT, -1, 1), R = random(r, B * OUT, -1, 1);
        Tensor y = tensor(k, B, OUT, a);
        Relu relu = new Relu(k);
        relu.forward(y, B);
        Tensor dy = tensor(k, B, OUT, R);
        relu.backward(y, dy, B);
        DoubleSupplier loss = () -> {
            double sum = 0;
            for (int i = 0; i < a.length; i++) {
                sum += Math.max(a[i], 0) * R[i];
            }
            return sum;
        };
        assertEquals(B * OUT, check("ReLU da", download(k, dy), a, 1, loss), "ReLU da entries checked");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kernels")
    void sigmoid(Kernels k) {
        Random r = new Random(4);
        double[] a = random(r, B * OUT, -6, 6), R = random(r, B * OUT, -1, 1);
        Sigmoid sigmoid = new Sigmoid(k, B, OUT);
        sigmoid.forward(tensor(k, B, OUT, a), B);
        Tensor da = sigmoid.backward(tensor(k, B, OUT, R), B);
        DoubleSupplier loss = () -> {
            double sum = 0;
            for (int i = 0; i < a.length; i++) {
                sum += R[i] / (1 + Math.exp(-a[i]));
            }
            return sum;
        };
        assertEquals(B * OUT, check("sigmoid da", download(k, da), a, 1, loss), "sigmoid da entries checked");
    }
}
