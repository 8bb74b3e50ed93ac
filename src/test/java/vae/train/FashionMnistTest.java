package vae.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tech.tablesaw.plotly.components.Figure;
import vae.checkpoint.Checkpoint;
import vae.data.DataSet;
import vae.data.DataSetTest;
import vae.data.Mnist;
import vae.model.VaeConfig;
import vae.report.Evaluation;
import vae.report.LatentScatter;
import vae.report.Latents;
import vae.tensor.Kernels;
import vae.fast.VectorKernels;

/** One short epoch on a slice of Fashion-MNIST: it trains, and its checkpoint, table and legend say clothes. */
class FashionMnistTest {

    @Test
    void oneEpochOnASliceOfFashionMnist(@TempDir Path dir) {
        DataSetTest.assumeFashionMnist();
        Mnist train = Mnist.load(DataSetTest.FASHION, true).subset(range(512));
        Mnist test = Mnist.load(DataSetTest.FASHION, false).subset(range(200));
        TrainConfig config = new TrainConfig(new VaeConfig(784, 64, 10, 2), 1, 64, 1e-3, 42, DataSetTest.FASHION, dir, 2);
        try (Kernels k = new VectorKernels(2)) {
            Trainer trainer = new Trainer(config, k, train, test, new PrintStream(new ByteArrayOutputStream()));
            trainer.setListener(new Checkpoints(dir, 1));
            History history = trainer.run(Position.after(0));
            double loss = history.table().doubleColumn("test_loss").getDouble(0);
            assertTrue(loss > 100 && loss < 600, "a test loss per image of a first epoch, not " + loss);

            Checkpoint saved = Checkpoint.load(Checkpoints.epochFile(dir.resolve("checkpoints"), 1));
            assertEquals("Fashion-MNIST", saved.metadata().get("data_set"));

            Evaluation e = Evaluation.run(trainer.model(), k, test, 2, 42);
            assertTrue(e.value("recon_bce_trouser") > 0, "a trouser's reconstruction error");
            Figure legend = LatentScatter.figure(LatentScatter.table(new Latents(trainer.model(), k).means(test), test), "t",
                    test.dataSet());
            assertEquals("T-shirt/top", legend.getTraces()[0].name());
            assertEquals(DataSet.FASHION_MNIST, test.dataSet());
        }
    }

    static int[] range(int n) {
        int[] r = new int[n];
        for (int i = 0; i < n; i++) {
            r[i] = i;
        }
        return r;
    }
}
