package vae.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tech.tablesaw.api.Table;
import vae.checkpoint.Checkpoint;
import vae.data.Mnist;
import vae.model.VaeConfig;
import vae.tensor.Kernels;
import vae.fast.VectorKernels;

/** --keep-best: the checkpoint of the epoch whose validation loss is the lowest. */
class KeepBestTest {

    static History history(double... validation) {
        History h = new History(true);
        for (int e = 0; e < validation.length; e++) {
            Metrics m = new Metrics(validation[e], validation[e] - 5, 5);
            h.add(e + 1, m, m, m, 1.0);
        }
        return h;
    }

    @Test
    void anEpochIsTheBestWhenItsValidationLossIsBelowEveryEarlierOne() {
        assertTrue(Checkpoints.isBestYet(history(150)));
        assertTrue(Checkpoints.isBestYet(history(150, 149)));
        assertFalse(Checkpoints.isBestYet(history(150, 149, 149.5)));
        assertFalse(Checkpoints.isBestYet(history(150, 149, 149)), "a tie keeps the earlier epoch");
        assertFalse(Checkpoints.isBestYet(new History(false)), "no validation, no best");
    }

    @Test
    void theBestCheckpointIsTheEpochOfTheLowestValidationLoss(@TempDir Path dir) {
        Mnist[] split = Trainer.holdOut(Mnist.load(Mnist.DIR, true).subset(ResumeTest.range(1200)), 300, 42);
        Mnist test = Mnist.load(Mnist.DIR, false).subset(ResumeTest.range(200));
        TrainConfig config = new TrainConfig(new VaeConfig(784, 64, 10, 2), 4, 64, 1e-3, 42, Mnist.DIR, dir, 2);
        try (Kernels k = new VectorKernels(2)) {
            Trainer trainer = new Trainer(config, k, split[0], split[1], test, new PrintStream(new ByteArrayOutputStream()));
            trainer.setListener(new Checkpoints(dir, 10, true));
            Table h = trainer.run().table();
            int best = 0;
            for (int r = 1; r < h.rowCount(); r++) {
                best = h.doubleColumn("validation_loss").getDouble(r) < h.doubleColumn("validation_loss").getDouble(best) ? r : best;
            }
            Path file = dir.resolve(Checkpoints.FOLDER).resolve(Checkpoints.BEST);
            assertTrue(Files.isRegularFile(file));
            assertEquals(best + 1, Checkpoint.load(file).epoch(), "the epoch of the lowest validation loss");
        }
    }
}
