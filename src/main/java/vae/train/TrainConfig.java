package vae.train;

import java.nio.file.Path;
import vae.model.VaeConfig;

/**
 * Everything a training run depends on. The defaults are the seed's: 100 epochs, batch 128,
 * Adam with lr 1e-3, seed 42.
 */
public record TrainConfig(VaeConfig model, int epochs, int batchSize, double lr, long seed,
                          Path data, Path out, int threads) {

    public static TrainConfig seedDefaults() {
        return new TrainConfig(VaeConfig.SEED, 100, 128, 1e-3, 42, Path.of("data", "mnist"), Path.of("."),
                Runtime.getRuntime().availableProcessors());
    }

    public TrainConfig withEpochs(int epochs) {
        return new TrainConfig(model, epochs, batchSize, lr, seed, data, out, threads);
    }

    public TrainConfig withOut(Path out) {
        return new TrainConfig(model, epochs, batchSize, lr, seed, data, out, threads);
    }
}
