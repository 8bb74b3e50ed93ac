package vae.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import vae.checkpoint.ClassifierFile;
import vae.data.Mnist;
import vae.tensor.Kernels;
import vae.train.ClassifierTrainer;
import vae.train.Trainer;

/** {@code vae classifier}: trains the digit classifier that {@code evaluate --classifier} scores samples with. */
@Command(name = "classifier", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Train a digit classifier (784 -> 400, ReLU -> 10, softmax cross-entropy, Adam) and save it as"
            + " OUT/classifier.safetensors, its test accuracy printed and kept in the file.",
            "evaluate --classifier FILE then judges a model's samples with it."})
final class ClassifierCommand implements Callable<Integer> {
    static final String FILE = "classifier.safetensors";

    @Mixin
    ComputeOptions compute = new ComputeOptions();

    @Option(names = "--epochs", description = "Number of passes over the 60,000 training images (default: ${DEFAULT-VALUE}).")
    int epochs = 5;

    @Option(names = "--batch-size", description = "Images per Adam step (default: ${DEFAULT-VALUE}).")
    int batchSize = 128;

    @Option(names = "--lr", description = "Adam's learning rate (default: ${DEFAULT-VALUE}).")
    double lr = 1e-3;

    @Option(names = "--seed", description = "Seed of the initial weights and of the shuffling (default: ${DEFAULT-VALUE}).")
    long seed = 42;

    @Option(names = "--hidden", description = "Width of the hidden layer, whose features the Fréchet distance compares (default: ${DEFAULT-VALUE}).")
    int hidden = 400;

    @Option(names = "--data", paramLabel = "DIR", description = "Folder with the IDX files of MNIST or Fashion-MNIST (default: ${DEFAULT-VALUE}).")
    Path data = Mnist.DIR;

    @Option(names = "--out", paramLabel = "DIR", description = "Where classifier.safetensors goes (default: the current folder).")
    Path out = Path.of(".");

    //> classifier call
    @Override
    public Integer call() {
        check();
        Trainer.prepareOutput(out);
        Mnist train = Mnist.load(data, true, Mnist.SIDE);
        Mnist test = Mnist.load(data, false, Mnist.SIDE);
        OptionCheck.atMost("--batch-size", batchSize, train.count());
        try (Kernels k = compute.open(System.out)) {
            ClassifierTrainer trainer = new ClassifierTrainer(k, train.imageSize(), hidden, batchSize, lr, seed, System.out);
            System.out.printf("Training a classifier on %,d %s images (test %,d), %s, %,d parameters%n", train.count(),
                    train.dataSet().name(), test.count(), ComputeOptions.describe(k, compute.threads), trainer.model().parameterCount());
            long begin = System.nanoTime();
            double accuracy = trainer.train(train, test, epochs);
            System.out.printf(Locale.ROOT, "test_accuracy %.6f%n", accuracy);
            Map<String, String> metadata = new LinkedHashMap<>();
            metadata.put("test_accuracy", Double.toString(accuracy));
            metadata.put("epochs", Integer.toString(epochs));
            metadata.put("batch_size", Integer.toString(batchSize));
            metadata.put("lr", Double.toString(lr));
            metadata.put("seed", Long.toString(seed));
            metadata.put("data_set", train.dataSet().name());
            Path file = out.resolve(FILE);
            ClassifierFile.save(file, trainer.model(), k, metadata);
            System.out.printf("Saved %s (%.1f s)%n", file, (System.nanoTime() - begin) / 1e9);
        }
        return 0;
    }
    //< classifier call

    void check() {
        OptionCheck.atLeast("--epochs", epochs, 1);
        OptionCheck.atLeast("--batch-size", batchSize, 1);
        OptionCheck.positiveFinite("--lr", lr);
        OptionCheck.size("--hidden", hidden);
        compute.check();
    }
}
