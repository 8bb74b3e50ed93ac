package vae.fuzz;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import vae.checkpoint.Checkpoint;
import vae.checkpoint.CheckpointException;
import vae.checkpoint.SafeTensors;
import vae.model.Vae;
import vae.optim.Adam;
import vae.tensor.Kernels;
import vae.tensor.ScalarKernels;

/**
 * The safetensors reader and the checkpoint checks on any bytes at all: the file loads, and then
 * restores into a model and an optimizer as {@code vae evaluate} and {@code vae train --resume}
 * would, or it is refused with one {@link CheckpointException} of one line naming the file.
 * Anything else (an OutOfMemoryError, a NegativeArraySizeException, a hang) is a finding.
 *
 * <p>Plain {@code mvn test} runs the inputs in
 * {@code src/test/resources/vae/fuzz/CheckpointFuzzTestInputs/loadCheckpoint/} (the seeds,
 * {@code seed-*}, and every input that ever failed); {@code JAZZER_FUZZ=1} fuzzes for a minute.
 */
class CheckpointFuzzTest {
    static final Path INPUTS = FuzzFiles.RESOURCES.resolve("CheckpointFuzzTestInputs").resolve("loadCheckpoint");
    private static final Path DIR = FuzzFiles.scratch("checkpoint-fuzz");
    private static final Kernels K = new ScalarKernels();

    //> fuzz checkpoint-target
    @FuzzTest(maxDuration = "60s")
    void loadCheckpoint(byte[] input) {
        Path file = FuzzFiles.write(DIR.resolve("fuzz.safetensors"), input);
        FuzzFiles.withinTimeLimit(() -> {
            try {
                Checkpoint saved = Checkpoint.load(file);
                Vae model = new Vae(K, saved.config(), 1);      // the sizes come from the file
                saved.restoreModel(model, K);
                if (saved.hasOptimizerState()) {
                    saved.restoreOptimizer(new Adam(K, model.parameters(), 1e-3), K);
                }
                saved.epoch();
            } catch (CheckpointException e) {
                FuzzFiles.assertOneLineNaming(e, file);
            }
        });
    }
    //< fuzz checkpoint-target

    /** The seeds are valid safetensors files; those named as checkpoints load as checkpoints. */
    @Test
    void everySeedReads() throws IOException {
        List<Path> seeds = seeds();
        assertTrue(seeds.size() >= 4, "seeds: " + seeds);
        for (Path seed : seeds) {
            SafeTensors.read(seed);
            String name = seed.getFileName().toString();
            if (name.equals("seed-weights.safetensors") || name.equals("seed-training-run.safetensors")) {
                Checkpoint.load(seed);
            }
        }
        assertTrue(Checkpoint.load(INPUTS.resolve("seed-training-run.safetensors")).hasOptimizerState());
    }

    static List<Path> seeds() throws IOException {
        try (Stream<Path> files = Files.list(INPUTS)) {
            return files.filter(f -> f.getFileName().toString().startsWith("seed-")).sorted().toList();
        }
    }
}
