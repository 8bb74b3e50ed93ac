package vae.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import vae.model.Vae;
import vae.model.VaeConfig;
import vae.model.VaeLoss;
import vae.nn.Parameter;
import vae.optim.Adam;
import vae.tensor.Kernels;
import vae.tensor.ScalarKernels;
import vae.tensor.Tensor;
import vae.fast.VectorKernels;

/**
 * The whole model against PyTorch, as llm.c's {@code test_gpt2} does it: {@code tools/make_fixture.py}
 * ran the seed's VAE on 8 training images with fixed noise and saved its inputs, weights, outputs,
 * every gradient, the weights after one Adam step and the losses of five steps. Here the same
 * weights and inputs go through our model, tensor by tensor; no Python is needed.
 *
 * <p>The bound is 1e-4, relative to each tensor's largest entry (a number: to itself). Everything
 * agrees far more closely (see the printed report): the loss, μ, log σ² and x̂ to a few 1e-7, every
 * gradient to under 1e-6, the Adam step to one float's last bit, the five losses to about 1e-7.
 * What is left is float32 rounding: our sums run in another order than PyTorch's BLAS.
 */
class PyTorchReferenceTest {
    static final double BOUND = 1e-4;
    static final int B = 8;
    static TensorFile fixture;
    static Path file;

    @BeforeAll
    static void readFixture() throws URISyntaxException {
        URL url = PyTorchReferenceTest.class.getResource("/fixtures/pytorch_reference.safetensors");
        if (url == null) {
            throw new AssertionError("src/test/resources/fixtures/pytorch_reference.safetensors is missing: "
                    + "tools/make_fixture.py writes it");
        }
        file = Path.of(url.toURI());
        fixture = SafeTensors.read(file); // the paranoid reader checks PyTorch's file as it checks ours
    }

    static Stream<Kernels> kernels() {
        return Stream.of(new ScalarKernels(), new VectorKernels(2));
    }

    /** The seed's model with the fixture's weights, through the checkpoint reader. */
    static Vae model(Kernels k) {
        List<NamedTensor> weights = fixture.tensors().stream()
                .filter(t -> CheckpointFormat.parameterShapes(VaeConfig.SEED).containsKey(t.name())).toList();
        Checkpoint weightsOnly = Checkpoint.of(file, new TensorFile(weights, Map.of()));
        Vae model = new Vae(k, weightsOnly.config(), B);
        weightsOnly.restoreModel(model, k);
        return model;
    }

    static Tensor upload(Kernels k, String name) {
        NamedTensor t = fixture.find(name).orElseThrow();
        Tensor tensor = k.allocate(t.shape()[0], t.shape()[1]);
        k.upload(t.data(), t.data().length, tensor);
        return tensor;
    }

    static float[] download(Kernels k, Tensor t, int n) {
        float[] data = new float[n];
        k.download(t, n, data);
        return data;
    }

    static NamedTensor torch(String name) {
        return fixture.find(name).orElseThrow(() -> new AssertionError("the fixture has no " + name));
    }

    static double metadata(String key) {
        return Double.parseDouble(fixture.metadata().get(key));
    }

    //> pytorch reference-check
    @ParameterizedTest(name = "{0}")
    @MethodSource("kernels")
    void forwardAndBackwardMatchPyTorch(Kernels k) {
        System.out.println("---- " + k.name() + " kernels vs PyTorch " + fixture.metadata().get("torch_version"));
        Comparison check = new Comparison(BOUND, System.out);
        Vae model = model(k);
        Tensor x = upload(k, "x"), eps = upload(k, "eps");
        VaeLoss loss = new VaeLoss(k, VaeConfig.SEED, B);

        Tensor logits = model.forward(x, eps, B);
        loss.compute(logits, x, model.mu(), model.logvar(), B);
        model.backward(loss.dLogits(), B);

        check.scalar("loss", loss.total(), metadata("loss"));
        check.scalar("bce", loss.bce(), metadata("bce"));
        check.scalar("kl", loss.kl(), metadata("kl"));
        check.tensor("mu", download(k, model.mu(), B * 2), torch("mu"));
        check.tensor("logvar", download(k, model.logvar(), B * 2), torch("logvar"));
        Tensor xPred = k.allocate(B, VaeConfig.SEED.input());
        k.sigmoidForward(logits, xPred, B);
        check.tensor("x_pred", download(k, xPred, xPred.size()), torch("x_pred"));
        for (Parameter p : model.parameters()) {
            check.tensor("grad." + p.name, download(k, p.grad, p.grad.size()), torch("grad." + p.name));
        }
        System.out.printf("loss: ours %.10g, PyTorch float32 %.10g, PyTorch float64 %.10g%n",
                loss.total(), metadata("loss"), metadata("loss_f64"));
        assertTrue(check.verdict(k.name() + " kernels, forward and backward"), "see the report above");
    }
    //< pytorch reference-check

    //> pytorch reference-step
    /**
     * Adam alone: PyTorch's gradients in, one step, PyTorch's weights out. (Our own gradients would
     * do for almost every weight, but Adam's first step moves a weight by lr·g/(|g| + 1e-8), and a
     * few entries of encoder.fc1's gradient are sums of 8 terms that nearly cancel, near 1e-7: there
     * a rounding difference of 1e-8 in g, well within float32, moves the weight by a few 1e-6.
     * The five-step losses below follow our own gradients all the way.)
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("kernels")
    void oneAdamStepMatchesPyTorch(Kernels k) {
        Comparison check = new Comparison(BOUND, System.out);
        Vae model = model(k);
        for (Parameter p : model.parameters()) {
            k.upload(torch("grad." + p.name).data(), p.grad.size(), p.grad);
        }
        new Adam(k, model.parameters(), 1e-3).step();
        for (Parameter p : model.parameters()) {
            check.tensor("step1." + p.name, download(k, p.value, p.value.size()), torch("step1." + p.name));
        }
        assertTrue(check.verdict(k.name() + " kernels, one Adam step"), "see the report above");
    }
    //< pytorch reference-step

    //> pytorch reference-adam
    @ParameterizedTest(name = "{0}")
    @MethodSource("kernels")
    void fiveAdamStepsGiveTheSameLosses(Kernels k) throws IOException {
        JsonNode expected = new ObjectMapper().readTree(fixture.metadata().get("adam_losses"));
        Comparison check = new Comparison(BOUND, System.out);
        Vae model = model(k);
        Tensor x = upload(k, "x"), eps = upload(k, "eps");
        VaeLoss loss = new VaeLoss(k, VaeConfig.SEED, B);
        Adam adam = new Adam(k, model.parameters(), 1e-3);
        for (int step = 0; step < expected.size(); step++) {
            loss.compute(model.forward(x, eps, B), x, model.mu(), model.logvar(), B);
            check.scalar("loss before step " + (step + 1), loss.total(), expected.get(step).asDouble());
            model.backward(loss.dLogits(), B);
            adam.step();
        }
        assertEquals(5, expected.size());
        assertTrue(check.verdict(k.name() + " kernels, 5 Adam steps"), "see the report above");
    }
    //< pytorch reference-adam
}
