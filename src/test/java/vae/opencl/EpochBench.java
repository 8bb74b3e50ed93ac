package vae.opencl;

import java.io.PrintStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import vae.data.Mnist;
import vae.tensor.Kernels;
import vae.tensor.ScalarKernels;
import vae.fast.VectorKernels;
import vae.train.History;
import vae.train.TrainConfig;
import vae.train.Trainer;

/**
 * Seconds per epoch of the seed's model and trainer on given kernels, for the benchmark table:
 * <pre>
 *   java -cp ... vae.opencl.EpochBench opencl|opencl-naive|vector|scalar [EPOCHS] [TRAIN_IMAGES]
 * </pre>
 * Prints one line per epoch: kernels, device, epoch, seconds of training, train and test loss.
 */
public final class EpochBench {
    private EpochBench() {
    }

    public static void main(String[] args) throws Exception {
        String which = args.length > 0 ? args[0] : "opencl";
        int epochs = args.length > 1 ? Integer.parseInt(args[1]) : 1;
        Mnist train = Mnist.load(Mnist.DIR, true), test = Mnist.load(Mnist.DIR, false);
        if (args.length > 2) {
            train = train.subset(first(Integer.parseInt(args[2])));
        }
        Path out = Files.createTempDirectory("epoch-bench");
        TrainConfig config = TrainConfig.seedDefaults().withEpochs(epochs).withOut(out);
        try (Kernels k = kernels(which, config.threads())) {
            String device = k instanceof OpenClKernels cl ? cl.device() : config.threads() + " thread(s)";
            History history = new Trainer(config, k, train, test, new PrintStream(OutputStream.nullOutputStream())).run();
            for (int e = 0; e < epochs; e++) {
                System.out.printf("%s on %s: epoch %d %.2f s train loss %.4f test loss %.4f%n", which, device, e + 1,
                        history.table().doubleColumn("seconds").get(e),
                        history.table().doubleColumn("train_loss").get(e),
                        history.table().doubleColumn("test_loss").get(e));
            }
        }
    }

    static Kernels kernels(String which, int threads) {
        return switch (which) {
            case "opencl" -> new OpenClKernels(OpenClKernels.Products.TILED);
            case "opencl-naive" -> new OpenClKernels(OpenClKernels.Products.NAIVE);
            case "vector" -> new VectorKernels(threads);
            case "scalar" -> new ScalarKernels();
            default -> throw new IllegalArgumentException("kernels: opencl, opencl-naive, vector or scalar, not " + which);
        };
    }

    private static int[] first(int n) {
        int[] indices = new int[n];
        for (int i = 0; i < n; i++) {
            indices[i] = i;
        }
        return indices;
    }
}
