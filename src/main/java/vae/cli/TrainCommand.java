package vae.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import vae.data.Mnist;
import vae.model.VaeConfig;
import vae.tensor.Kernels;
import vae.train.TrainConfig;
import vae.train.Trainer;

/** {@code vae train}: the seed's training run, with its settings as defaults. */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Train the VAE on MNIST. Defaults are the seed's: 100 epochs, batch 128, lr 1e-3, seed 42.")
final class TrainCommand implements Callable<Integer> {

    @Option(names = "--epochs", description = "Number of passes over the 60,000 training images (default: ${DEFAULT-VALUE}).")
    int epochs = 100;

    @Option(names = "--batch-size", description = "Images per Adam step (default: ${DEFAULT-VALUE}).")
    int batchSize = 128;

    @Option(names = "--lr", description = "Adam's learning rate (default: ${DEFAULT-VALUE}).")
    double lr = 1e-3;

    @Option(names = "--seed", description = "Seed of every random number: initial weights, shuffling, noise (default: ${DEFAULT-VALUE}).")
    long seed = 42;

    @Option(names = "--data", paramLabel = "DIR", description = "Folder with the four MNIST IDX files, .gz or raw (default: ${DEFAULT-VALUE}).")
    Path data = Path.of("data", "mnist");

    @Option(names = "--out", paramLabel = "DIR", description = "Where history.csv, checkpoints/ and figures/ go (default: the current folder).")
    Path out = Path.of(".");

    @Option(names = "--threads", description = "CPU threads for the kernels; results are identical for any count (default: all cores, ${DEFAULT-VALUE}).")
    int threads = Runtime.getRuntime().availableProcessors();

    @Option(names = "--kernels", paramLabel = "vector|scalar",
            description = "vector: the Vector API kernels; scalar: the plain reference loops, slow (default: ${DEFAULT-VALUE}, or the system property vae.kernels).")
    String kernels = System.getProperty("vae.kernels", "vector");

    @Option(names = "--hidden", description = "Width of the hidden layers (default: ${DEFAULT-VALUE}, the seed's hidden_dim).")
    int hidden = VaeConfig.SEED.hidden();

    @Option(names = "--feature", description = "Width of the encoder's output that both heads read (default: ${DEFAULT-VALUE}, the seed's latent_dim).")
    int feature = VaeConfig.SEED.feature();

    @Option(names = "--latent", description = "Dimensions of z (default: ${DEFAULT-VALUE}).")
    int latent = VaeConfig.SEED.latent();

    @Override
    public Integer call() {
        TrainConfig config = config();
        Trainer.prepareOutput(config.out());
        Mnist train = Mnist.load(config.data(), true);
        Mnist test = Mnist.load(config.data(), false);
        try (Kernels k = KernelChoice.create(config.kernels(), config.threads())) {
            System.out.printf("Training on %,d images (test %,d), %s kernels, %d thread(s), %,d parameters%n",
                    train.count(), test.count(), k.name(), config.threads(), config.model().parameterCount());
            new Trainer(config, k, train, test, System.out).run();
        }
        return 0;
    }

    TrainConfig config() {
        Check.atLeast("--epochs", epochs, 1);
        Check.atLeast("--batch-size", batchSize, 1);
        Check.atMost("--batch-size", batchSize, 60_000);
        Check.positiveFinite("--lr", lr);
        Check.atLeast("--threads", threads, 1);
        Check.atMost("--threads", threads, 1024);
        Check.atLeast("--hidden", hidden, 1);
        Check.atLeast("--feature", feature, 1);
        Check.atLeast("--latent", latent, 1);
        KernelChoice.check(kernels);
        VaeConfig model = new VaeConfig(784, hidden, feature, latent);
        return new TrainConfig(model, epochs, batchSize, lr, seed, data, out, threads, kernels);
    }
}
