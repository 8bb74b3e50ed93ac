package vae.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vae.data.Mnist;
import vae.model.Vae;
import vae.model.VaeConfig;
import vae.model.VaeLoss;
import vae.nn.Rng;
import vae.tensor.Kernels;
import vae.fast.VectorKernels;
import vae.train.Batch;
import vae.train.Evaluator;
import vae.train.Metrics;
import vae.train.TrainConfig;
import vae.train.Trainer;

/**
 * Checkpoints cross to PyTorch and back, checked with PyTorch itself (tools/torch_interop.py):
 * the seed's VAE loads ours with {@code load_state_dict(strict=True)} and measures the same test
 * loss, and weights PyTorch trained load here and measure the same loss. The two sides sample
 * different noise, so "the same" is within 1 nat per image. Skipped where Debian's
 * python3-torch is not installed.
 */
class TorchInteropTest {
    static final Path PYTHON = Path.of("/usr/bin/python3");
    static final Path DATA = Path.of("data", "mnist");

    @BeforeEach
    void needsPyTorch() throws Exception {
        boolean found = Files.isExecutable(PYTHON)
                && run(List.of(PYTHON.toString(), "-c", "import torch"), 60).exitCode == 0;
        if (!found) {
            System.err.println("TorchInteropTest skipped: /usr/bin/python3 cannot import torch (apt-get install python3-torch)");
        }
        Assumptions.assumeTrue(found, "/usr/bin/python3 cannot import torch (apt-get install python3-torch)");
    }

    @Test
    void pyTorchLoadsOurCheckpointStrictlyAndMeasuresTheSameTestLoss(@TempDir Path dir) throws Exception {
        Mnist train = Mnist.load(DATA, true);
        double ours = trainAndSave(VaeConfig.SEED, train, 2, dir.resolve("ours.safetensors"));
        double theirs = pyTorchTestLoss(dir.resolve("ours.safetensors"), "into the seed's VAE with strict=True");
        System.out.printf("test loss after 2 epochs: ours %.4f, PyTorch with our weights %.4f%n", ours, theirs);
        assertEquals(ours, theirs, 1.0);
    }

    @Test
    void pyTorchLoadsOurPlainAutoencoderStrictlyAndMeasuresTheSameReconstructionError(@TempDir Path dir) throws Exception {
        Mnist train = Mnist.load(DATA, true).subset(java.util.stream.IntStream.range(0, 6000).toArray());
        double ours = trainAndSave(VaeConfig.SEED.withKind(vae.model.ModelKind.AE), train, 1, dir.resolve("ae.safetensors"));
        double theirs = pyTorchTestLoss(dir.resolve("ae.safetensors"), "into the seed's plain autoencoder with strict=True");
        System.out.printf("plain autoencoder's test loss after 1 epoch: ours %.4f, PyTorch with our weights %.4f%n", ours, theirs);
        assertEquals(ours, theirs, 1e-3 * ours, "no noise: the same function of the same weights");
    }

    // trains a model of c on train for some epochs with the seed's settings, saves it in file; returns its last test loss
    private static double trainAndSave(VaeConfig c, Mnist train, int epochs, Path file) {
        TrainConfig config = new TrainConfig(c, epochs, 128, 1e-3, 42, DATA, file.getParent(), 2);
        try (Kernels k = new VectorKernels(2)) {
            Trainer trainer = new Trainer(config, k, train, Mnist.load(DATA, false), new PrintStream(new ByteArrayOutputStream()));
            double loss = trainer.run().table().doubleColumn("test_loss").get(epochs - 1);
            Checkpoint.save(file, trainer.model(), trainer.optimizer(), k, java.util.Map.of("epoch", "" + epochs));
            return loss;
        }
    }

    // the test loss PyTorch measures with the weights of file, having loaded them as `loaded` says
    private static double pyTorchTestLoss(Path file, String loaded) throws Exception {
        Result torch = run(List.of(PYTHON.toString(), "tools/torch_interop.py", "load", file.toString()), 300);
        assertEquals(0, torch.exitCode, torch.output);
        assertTrue(torch.output.contains(loaded), torch.output);
        return value(torch.output, "test_loss");
    }

    @Test
    void weightsTrainedByPyTorchLoadHereAndMeasureTheSameTestLoss(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("torch.safetensors");
        Result torch = run(List.of(PYTHON.toString(), "tools/torch_interop.py", "export", file.toString(),
                "--epochs", "1"), 300);
        assertEquals(0, torch.exitCode, torch.output);
        double theirs = value(torch.output, "test_loss");

        Checkpoint cp = Checkpoint.load(file);
        assertEquals(VaeConfig.SEED, cp.config());
        Mnist test = Mnist.load(DATA, false);
        try (Kernels k = new VectorKernels(2)) {
            Vae model = new Vae(k, cp.config(), 128);
            cp.restoreModel(model, k);
            Metrics ours = new Evaluator(model, new VaeLoss(k, cp.config(), 128), new Batch(k, cp.config(), 128))
                    .evaluate(test, new Rng(1));
            System.out.printf("test loss of PyTorch's weights after 1 epoch: PyTorch %.4f, ours %.4f%n", theirs, ours.loss());
            assertEquals(theirs, ours.loss(), 1.0);
        }
    }

    static double value(String output, String name) {
        for (String line : output.split("\n")) {
            if (line.startsWith(name + " ")) {
                return Double.parseDouble(line.substring(name.length() + 1).trim());
            }
        }
        throw new AssertionError("no '" + name + "' line in:\n" + output);
    }

    record Result(int exitCode, String output) {
    }

    static Result run(List<String> command, int seconds) throws Exception {
        Process p = new ProcessBuilder(new ArrayList<>(command)).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return new Result(-1, "timed out");
        }
        return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    }
}
