package vae.fuzz;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import vae.checkpoint.Checkpoint;
import vae.checkpoint.NamedTensor;
import vae.checkpoint.SafeTensors;
import vae.data.IdxFiles;
import vae.model.Vae;
import vae.model.VaeConfig;
import vae.optim.Adam;
import vae.tensor.Kernels;
import vae.tensor.ScalarKernels;
import vae.train.History;
import vae.train.Metrics;

/**
 * Writes the seed corpora of the fuzz tests: small valid files made by the project's own writers
 * (and tiny IDX files put together byte by byte). The seeds are committed; run this again only
 * when a format changes:
 * <pre>
 *   mvn -DbuildDir=target-fuzz test -Dtest=FuzzSeeds -Dvae.fuzz.writeSeeds=true
 * </pre>
 * Files whose names do not start with {@code seed-} (the inputs that once failed) are left alone.
 */
class FuzzSeeds {
    /** Sizes of 2 or 3, so that a seed is small (a size of 1 makes a weight [1, IN] that is saved as a vector). */
    static final VaeConfig TINY = new VaeConfig(3, 2, 2, 2);

    @Test
    @EnabledIfSystemProperty(named = "vae.fuzz.writeSeeds", matches = "true")
    void writeSeeds() throws IOException {
        writeIdxSeeds(IdxFuzzTest.INPUTS);
        writeCheckpointSeeds(CheckpointFuzzTest.INPUTS);
    }

    // ---- IDX --------------------------------------------------------------------------------

    static void writeIdxSeeds(Path dir) throws IOException {
        Files.createDirectories(dir);
        byte[] labels = IdxFiles.labels(3, 1, 4, 1, 5);
        byte[] images = IdxFiles.images(2, 2, 3);
        byte[] mnistLike = IdxFiles.images(1, 28, 28);
        write(dir.resolve("seed-labels-raw"), IdxFuzzTest.IdxInput.encode(false, 0, labels));
        write(dir.resolve("seed-labels-gzip"), IdxFuzzTest.IdxInput.encode(false, 1, labels));
        write(dir.resolve("seed-labels-gzip-stream"), IdxFuzzTest.IdxInput.encode(false, 2, IdxFiles.gzip(labels)));
        write(dir.resolve("seed-images-raw"), IdxFuzzTest.IdxInput.encode(true, 0, images));
        write(dir.resolve("seed-images-gzip"), IdxFuzzTest.IdxInput.encode(true, 1, images));
        write(dir.resolve("seed-images-gzip-stream"), IdxFuzzTest.IdxInput.encode(true, 2, IdxFiles.gzip(images)));
        write(dir.resolve("seed-images-gzip-unnamed"), IdxFuzzTest.IdxInput.encode(true, 3, images));
        write(dir.resolve("seed-images-28x28-gzip"), IdxFuzzTest.IdxInput.encode(true, 1, mnistLike));
    }

    // ---- safetensors ------------------------------------------------------------------------

    static void writeCheckpointSeeds(Path dir) throws IOException {
        Files.createDirectories(dir);
        Kernels k = new ScalarKernels();
        Vae model = new Vae(k, TINY, 1);
        model.initialize(42);
        Adam adam = new Adam(k, model.parameters(), 1e-3);
        adam.setSteps(3);
        Checkpoint.save(dir.resolve("seed-weights.safetensors"), model, null, k, Map.of());
        Checkpoint.save(dir.resolve("seed-training-run.safetensors"), model, adam, k, runMetadata());
        SafeTensors.write(dir.resolve("seed-plain.safetensors"), List.of(
                new NamedTensor("matrix", new int[] {2, 2}, new float[] {1, -2, 0.5f, 0}),
                new NamedTensor("scalar", new int[] {}, new float[] {3}),
                new NamedTensor("empty", new int[] {0, 4}, new float[] {})), Map.of("note", "three tensors"));
        SafeTensors.write(dir.resolve("seed-empty.safetensors"), List.of(), Map.of());
    }

    /** What a training run's checkpoint says about itself (see vae.train.Checkpoints). */
    static Map<String, String> runMetadata() {
        History history = new History();
        history.add(1, new Metrics(200, 190, 10), new Metrics(195, 186, 9), 1.5);
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("epoch", "1");
        meta.put("train_loss", "200.0");
        meta.put("test_loss", "195.0");
        meta.put("epochs", "2");
        meta.put("batch_size", "1");
        meta.put("lr", "0.001");
        meta.put("seed", "42");
        meta.put("validation", "0");
        meta.put("batches_done", "0");
        meta.put("bce_sum", "0.0");
        meta.put("kl_sum", "0.0");
        meta.put("noise_state", "0");
        meta.put("history", history.toCsv());
        return meta;
    }

    private static void write(Path file, byte[] bytes) throws IOException {
        Files.write(file, bytes);
    }
}
