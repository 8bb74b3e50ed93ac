package vae.opencl;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vae.data.Mnist;
import vae.model.VaeConfig;
import vae.tensor.Kernels;
import vae.fast.VectorKernels;
import vae.train.History;
import vae.train.TrainConfig;
import vae.train.Trainer;

/**
 * The seed's model trained by the same {@link Trainer} on real MNIST images, once on the OpenCL
 * kernels and once on the CPU's: 241 Adam steps (4,810 images in batches of 20, the last one of
 * 10), then the loss on 1,000 test images. Both runs draw the same weights, order and noise, so
 * their losses may differ by rounding alone: they must agree within 0.5%.
 */
class OpenClTrainingTest {
    static final int IMAGES = 4810;
    static final int BATCH = 20;
    static final int TEST_IMAGES = 1000;

    @Test
    void anEpochOnOpenClGivesTheLossesOfTheCpu(@TempDir Path out) {
        OpenClRuntime.assume();
        Mnist train = Mnist.load(Mnist.DIR, true).subset(first(IMAGES));
        Mnist test = Mnist.load(Mnist.DIR, false).subset(first(TEST_IMAGES));
        TrainConfig config = new TrainConfig(VaeConfig.SEED, 1, BATCH, 1e-3, 42, Mnist.DIR, out, 2);

        History cpu, gpu;
        try (Kernels k = new VectorKernels(2)) {
            cpu = new Trainer(config, k, train, test, quiet()).run();
        }
        try (OpenClKernels k = new OpenClKernels()) {
            gpu = new Trainer(config, k, train, test, quiet()).run();
        }
        for (String column : new String[] {"train_loss", "test_loss"}) {
            double expected = cpu.table().doubleColumn(column).get(0), actual = gpu.table().doubleColumn(column).get(0);
            System.out.printf("%s: CPU %.6f, OpenCL %.6f, relative difference %.2g (%.1f s vs %.1f s of training)%n",
                    column, expected, actual, Math.abs(actual - expected) / expected,
                    cpu.table().doubleColumn("seconds").get(0), gpu.table().doubleColumn("seconds").get(0));
            assertEquals(expected, actual, 0.005 * expected, column + " within 0.5%");
        }
    }

    private static PrintStream quiet() {
        return new PrintStream(OutputStream.nullOutputStream());
    }

    private static int[] first(int n) {
        int[] indices = new int[n];
        for (int i = 0; i < n; i++) {
            indices[i] = i;
        }
        return indices;
    }
}
