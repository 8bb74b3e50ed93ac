package vae.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
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

/** Gradient checks of the loss's pieces and of the reparameterisation, each alone. */
class LossGradientTest {
    static final int B = 3, N = 11, Z = 2;

    static java.util.stream.Stream<Kernels> kernels() {
        return vae.GradCheck.kernels();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kernels")
    void bceWithLogits(Kernels k) {
        Random r = new Random(5);
        double[] a = random(r, B * N, -8, 8), x = random(r, B * N, 0, 1);
        Tensor dA = k.allocate(B, N), rows = k.allocate(B, 1);
        k.bceWithLogits(tensor(k, B, N, a), tensor(k, B, N, x), dA, rows, B);
        DoubleSupplier naive = () -> { // the seed's form: sigmoid, then binary cross-entropy
            double sum = 0;
            for (int i = 0; i < a.length; i++) {
                double y = 1 / (1 + Math.exp(-a[i]));
                sum -= x[i] * Math.log(y) + (1 - x[i]) * Math.log(1 - y);
            }
            return sum;
        };
        float[] rowLoss = download(k, rows);
        assertEquals(naive.getAsDouble(), rowLoss[0] + rowLoss[1] + rowLoss[2], 1e-4, "stable form equals the seed's");
        assertEquals(B * N, check("BCE dlogits", download(k, dA), a, 1, naive), "BCE dlogits entries checked");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kernels")
    void bceStaysFiniteWhereTheSigmoidSaturates(Kernels k) {
        double[] a = {-200, -40, -17.5, 17.5, 40, 200}, x = {0, 1, 1, 0, 0.5, 1};
        Tensor dA = k.allocate(1, 6), rows = k.allocate(1, 1);
        k.bceWithLogits(tensor(k, 1, 6, a), tensor(k, 1, 6, x), dA, rows, 1);
        double expected = 0;
        for (int i = 0; i < a.length; i++) {
            expected += Math.max(a[i], 0) - a[i] * x[i] + Math.log1p(Math.exp(-Math.abs(a[i])));
        }
        assertEquals(expected, download(k, rows)[0], 1e-4 * expected);
        float[] d = download(k, dA);
        assertEquals(-1.0, d[1], 1e-6, "σ(-40) - 1");
        assertEquals(0.5, d[4], 1e-6, "σ(40) - 0.5");
        for (float g : d) {
            assertTrue(Float.isFinite(g));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kernels")
    void klDivergence(Kernels k) {
        Random r = new Random(6);
        double[] mu = random(r, B * Z, -2, 2), lv = random(r, B * Z, -3, 1);
        Tensor dMu = k.allocate(B, Z), dLv = k.allocate(B, Z), rows = k.allocate(B, 1);
        Tensor muT = tensor(k, B, Z, mu), lvT = tensor(k, B, Z, lv);
        k.klForward(muT, lvT, rows, B);
        k.klBackward(muT, lvT, dMu, dLv, B);
        DoubleSupplier kl = () -> {
            double sum = 0;
            for (int i = 0; i < mu.length; i++) {
                sum += 1 + lv[i] - mu[i] * mu[i] - Math.exp(lv[i]);
            }
            return -0.5 * sum;
        };
        float[] rowKl = download(k, rows);
        assertEquals(kl.getAsDouble(), rowKl[0] + rowKl[1] + rowKl[2], 1e-5);
        assertEquals(B * Z, check("KL dmu", download(k, dMu), mu, 1, kl), "KL dmu entries checked");
        assertEquals(B * Z, check("KL dlogvar", download(k, dLv), lv, 1, kl), "KL dlogvar entries checked");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kernels")
    void reparameterization(Kernels k) {
        Random r = new Random(7);
        double[] mu = random(r, B * Z, -2, 2), lv = random(r, B * Z, -3, 1);
        double[] eps = random(r, B * Z, -2, 2), R = random(r, B * Z, -1, 1);
        Tensor muT = tensor(k, B, Z, mu), lvT = tensor(k, B, Z, lv), eT = tensor(k, B, Z, eps);
        Tensor z = k.allocate(B, Z), dMu = k.allocate(B, Z), dLv = k.allocate(B, Z);
        k.reparameterize(muT, lvT, eT, z, B);
        k.reparameterizeBackward(tensor(k, B, Z, R), lvT, eT, dMu, dLv, B);
        DoubleSupplier loss = () -> {
            double sum = 0;
            for (int i = 0; i < mu.length; i++) {
                sum += (mu[i] + eps[i] * Math.exp(0.5 * lv[i])) * R[i];
            }
            return sum;
        };
        float[] zs = download(k, z);
        for (int i = 0; i < mu.length; i++) {
            assertEquals(mu[i] + eps[i] * Math.exp(0.5 * lv[i]), zs[i], 1e-5, "z");
        }
        assertEquals(B * Z, check("reparameterisation dmu", download(k, dMu), mu, 1, loss), "dmu entries checked");
        assertEquals(B * Z, check("reparameterisation dlogvar", download(k, dLv), lv, 1, loss), "dlogvar entries checked");
    }
}
