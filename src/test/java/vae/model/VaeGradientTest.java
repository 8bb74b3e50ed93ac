package vae.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static vae.GradCheck.check;
import static vae.GradCheck.download;
import static vae.GradCheck.random;
import static vae.GradCheck.tensor;
import static vae.GradCheck.toDouble;

import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import vae.GradCheck;
import vae.nn.Parameter;
import vae.tensor.Kernels;
import vae.tensor.ScalarKernels;
import vae.tensor.Tensor;

/**
 * The whole VAE loss (BCE + KL, through the reparameterisation) against its numeric gradient,
 * for every parameter tensor, with the noise ε fixed so that the loss is a plain function; and
 * the plain autoencoder's (BCE alone, z = μ) the same way.
 */
class VaeGradientTest {

    static Stream<Arguments> cases() {
        return GradCheck.kernels().flatMap(k -> Stream.of(
                Arguments.of(k, new VaeConfig(12, 9, 5, 2), 1),      // tiny: every entry
                Arguments.of(k, new VaeConfig(13, 7, 4, 3), 1),      // another shape, 3-D latent
                Arguments.of(k, VaeConfig.SEED, 997),                 // the seed's sizes: a sample
                Arguments.of(k, new VaeConfig(12, 9, 5, 2, ModelKind.AE), 1),   // the plain autoencoder: every entry
                Arguments.of(k, new VaeConfig(13, 7, 4, 3, ModelKind.AE), 1),
                Arguments.of(k, VaeConfig.SEED.withKind(ModelKind.AE), 997)));
    }

    @ParameterizedTest(name = "{0} {1} stride {2}")
    @MethodSource("cases")
    void everyParameterTensor(Kernels k, VaeConfig c, int stride) {
        int B = 4;
        Random r = new Random(42);
        Vae model = new Vae(k, c, B);
        model.initialize(7);
        double[] x = random(r, B * c.input(), 0, 1);
        double[] eps = new double[B * c.latent()];
        for (int i = 0; i < eps.length; i++) {
            eps[i] = (float) r.nextGaussian();
        }
        Tensor xt = tensor(k, B, c.input(), x);
        Tensor et = tensor(k, B, c.latent(), eps);

        VaeLoss loss = new VaeLoss(k, c, B);
        loss.compute(model.forward(xt, et, B), xt, model.mu(), model.logvar(), B);
        model.backward(loss.dLogits(), B);

        List<Parameter> params = model.parameters();
        double[][] p = new double[params.size()][];
        for (int i = 0; i < p.length; i++) {
            p[i] = toDouble(download(k, params.get(i).value));
        }
        double reference = ReferenceVae.loss(c, p, x, eps, B);
        assertEquals(reference, loss.total(), 1e-4 * Math.abs(reference), "forward loss");

        for (int i = 0; i < p.length; i++) {
            int s = p[i].length < 50 ? 1 : stride; // small tensors: every entry
            int checked = check(params.get(i).name, download(k, params.get(i).grad), p[i], s,
                    () -> ReferenceVae.loss(c, p, x, eps, B));
            assertEquals(GradCheck.entries(params.get(i).value.size(), s), checked, params.get(i).name + ": entries checked");
        }
    }

    @Test
    void parameterNamesAndShapesAreTheSeedsStateDict() {
        Vae model = new Vae(new ScalarKernels(), VaeConfig.SEED, 1);
        List<String> described = model.parameters().stream()
                .map(p -> p.name + java.util.Arrays.toString(p.shape())).toList();
        assertEquals(List.of(
                "encoder.fc1.weight[400, 784]", "encoder.fc1.bias[400]",
                "encoder.fc2.weight[10, 400]", "encoder.fc2.bias[10]",
                "mu_layer.weight[2, 10]", "mu_layer.bias[2]",
                "logvar_layer.weight[2, 10]", "logvar_layer.bias[2]",
                "decoder.fc1.weight[10, 2]", "decoder.fc1.bias[10]",
                "decoder.fc2.weight[400, 10]", "decoder.fc2.bias[400]",
                "decoder.fc3.weight[784, 400]", "decoder.fc3.bias[784]"), described);
        assertEquals(VaeConfig.SEED.parameterCount(),
                model.parameters().stream().mapToLong(p -> p.value.size()).sum());
    }

    @Test
    void thePlainAutoencoderHasTheSameLayersButTheLogVarianceHead() {
        Vae vae = new Vae(new ScalarKernels(), VaeConfig.SEED, 1);
        Vae ae = new Vae(new ScalarKernels(), VaeConfig.SEED.withKind(ModelKind.AE), 1);
        List<String> expected = vae.parameters().stream().map(p -> p.name)
                .filter(name -> !name.startsWith("logvar_layer.")).toList();
        assertEquals(expected, ae.parameters().stream().map(p -> p.name).toList());
        assertEquals(VaeConfig.SEED.parameterCount() - 2 * 10 - 2, ae.config.parameterCount(), "one 10→2 head fewer");
        assertEquals(ae.config.parameterCount(), ae.parameters().stream().mapToLong(p -> p.value.size()).sum());
    }

    @Test
    void thePlainAutoencoderDecodesItsMeanWhateverTheNoise() {
        ScalarKernels k = new ScalarKernels();
        VaeConfig c = new VaeConfig(12, 9, 5, 2, ModelKind.AE);
        Vae model = new Vae(k, c, 3);
        model.initialize(3);
        Random r = new Random(1);
        Tensor x = tensor(k, 3, c.input(), random(r, 3 * c.input(), 0, 1));
        float[] quiet = download(k, model.forward(x, tensor(k, 3, 2, new double[6]), 3));
        float[] loud = download(k, model.forward(x, tensor(k, 3, 2, random(r, 6, -5, 5)), 3));
        org.junit.jupiter.api.Assertions.assertArrayEquals(quiet, loud, "z = μ: the noise is never read");
        org.junit.jupiter.api.Assertions.assertNull(model.logvar(), "no log σ² head");
        VaeLoss loss = new VaeLoss(k, c, 3);
        loss.compute(model.forward(x, tensor(k, 3, 2, new double[6]), 3), x, model.mu(), model.logvar(), 3);
        assertEquals(0, loss.kl(), "no KL term");
        assertEquals(loss.bce(), loss.total());
    }

    @Test
    void aLayerOfOneUnitKeepsItsMatrixShape() {
        Vae model = new Vae(new ScalarKernels(), new VaeConfig(784, 400, 10, 1), 1);
        java.util.Map<String, String> shapes = new java.util.HashMap<>();
        model.parameters().forEach(p -> shapes.put(p.name, java.util.Arrays.toString(p.shape())));
        assertEquals("[1, 10]", shapes.get("mu_layer.weight"), "a weight is [OUT, IN] even when OUT is 1");
        assertEquals("[1]", shapes.get("mu_layer.bias"));
        assertEquals("[10, 1]", shapes.get("decoder.fc1.weight"));
    }

    @Test
    void initialisationIsPyTorchsUniformRange() {
        ScalarKernels k = new ScalarKernels();
        Vae model = new Vae(k, VaeConfig.SEED, 1);
        model.initialize(42);
        for (Parameter p : model.parameters()) {
            int fanIn = p.name.endsWith(".bias")
                    ? model.layers().stream().filter(l -> l.bias == p).findFirst().orElseThrow().in
                    : p.value.cols;
            double bound = 1 / Math.sqrt(fanIn);
            float[] v = download(k, p.value);
            double min = 0, max = 0, mean = 0;
            for (float f : v) {
                min = Math.min(min, f);
                max = Math.max(max, f);
                mean += f / v.length;
            }
            org.junit.jupiter.api.Assertions.assertTrue(min >= -bound && max < bound, p.name + " within ±1/√fan_in");
            if (v.length > 1000) { // a uniform sample's range and mean
                org.junit.jupiter.api.Assertions.assertTrue(max > 0.99 * bound && min < -0.99 * bound, p.name + " fills the range");
                assertEquals(0, mean, 0.01 * bound, p.name + " mean");
            }
        }
    }
}
