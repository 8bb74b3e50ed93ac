package vae.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tech.tablesaw.api.Table;
import vae.checkpoint.Checkpoint;
import vae.data.Mnist;
import vae.model.VaeConfig;
import vae.tensor.Kernels;
import vae.fast.VectorKernels;

/**
 * A resumed run is the run that was never interrupted, to the last digit: after a whole epoch,
 * and after a stop in the middle of one (what Ctrl-C does).
 */
class ResumeTest {
    static Mnist train;
    static Mnist test;

    @BeforeAll
    static void smallMnist() {
        train = Mnist.load(Path.of("data", "mnist"), true).subset(range(1000));
        test = Mnist.load(Path.of("data", "mnist"), false).subset(range(300));
    }

    static int[] range(int n) {
        int[] r = new int[n];
        for (int i = 0; i < n; i++) {
            r[i] = i;
        }
        return r;
    }

    static TrainConfig config(Path out, int epochs, int threads) {
        return new TrainConfig(new VaeConfig(784, 64, 10, 2), epochs, 64, 1e-3, 42, Path.of("data", "mnist"), out,
                threads);
    }

    static Table train(TrainConfig c, Kernels k, Checkpoint from, Trainer.Listener listener) {
        Trainer trainer = new Trainer(c, k, train, test, new PrintStream(new ByteArrayOutputStream()));
        Position start = from == null ? Position.after(0) : Checkpoints.restore(from, trainer);
        trainer.setListener(listener);
        return trainer.run(start).table();
    }

    @Test
    void twoEpochsStraightEqualOneThenResumeForOne(@TempDir Path dir) {
        try (Kernels k = new VectorKernels(2)) {
            Table straight = train(config(dir.resolve("a"), 2, 2), k, null, new Checkpoints(dir.resolve("a"), 1));
            train(config(dir.resolve("b"), 1, 2), k, null, new Checkpoints(dir.resolve("b"), 1));
            Path saved = Checkpoints.epochFile(dir.resolve("b").resolve("checkpoints"), 1);
            Table resumed = train(config(dir.resolve("b"), 2, 2), k, Checkpoint.load(saved), new Checkpoints(dir.resolve("b"), 1));
            assertSameLosses(straight, resumed, 2);
        }
    }

    @Test
    void aStopMidEpochResumesExactly(@TempDir Path dir) throws Exception {
        try (Kernels k = new VectorKernels(2)) {
            Table straight = train(config(dir.resolve("a"), 2, 2), k, null, new Checkpoints(dir.resolve("a"), 1));

            // stop during epoch 2, 5 batches in: the trainer checks for a stop before every batch.
            // The stop is asked for from inside Adam's 21st step, on the training thread, as Ctrl-C's
            // hook would ask at some moment; a thread of its own could come too late on a busy machine
            Path out = dir.resolve("b");
            Checkpoints checkpoints = new Checkpoints(out, 1);
            AtomicReference<Trainer> running = new AtomicReference<>();
            Kernels stopping = (Kernels) Proxy.newProxyInstance(Kernels.class.getClassLoader(), new Class<?>[] {Kernels.class},
                    (proxy, method, args) -> {
                        Object result;
                        try {
                            result = method.invoke(k, args);
                        } catch (InvocationTargetException e) {
                            throw e.getCause();
                        }
                        if (method.getName().equals("adamStep") && running.get().optimizer().steps() == 16 + 5) {
                            running.get().requestStop();      // 1000 images / 64 = 16 batches an epoch
                        }
                        return result;
                    });
            Trainer first = new Trainer(config(out, 2, 2), stopping, train, test, new PrintStream(new ByteArrayOutputStream()));
            running.set(first);
            first.setListener(new Trainer.Listener() {
                @Override
                public void epochDone(Trainer t, int epoch, Metrics tr, Metrics te) {
                    checkpoints.epochDone(t, epoch, tr, te);
                }

                @Override
                public void stopped(Trainer t, Position at) {
                    checkpoints.stopped(t, at);
                }
            });
            first.run();
            Path stopped = checkpoints.lastSaved();
            assertTrue(stopped.getFileName().toString().startsWith("vae_epoch_001_batch_"), stopped.toString());
            assertEquals(1, first.history().rows(), "epoch 2 did not finish");

            Checkpoint cp = Checkpoint.load(stopped);
            Table resumed = train(config(out, 2, 2), k, cp, new Checkpoints(out, 1));
            assertSameLosses(straight, resumed, 2);
        }
    }

    @Test
    void oneAndTwoThreadsGiveTheSameLosses(@TempDir Path dir) {
        // the seed's sizes and batch: the big products are well above the size at which the
        // kernels split work over threads (with a small model everything would run on one)
        Table one, two;
        try (Kernels k = new VectorKernels(1)) {
            one = train(seedSized(dir.resolve("one"), 1), k, null, new Trainer.Listener() { });
        }
        try (Kernels k = new VectorKernels(2)) {
            two = train(seedSized(dir.resolve("two"), 2), k, null, new Trainer.Listener() { });
        }
        assertSameLosses(one, two, 1);
    }

    static TrainConfig seedSized(Path out, int threads) {
        return new TrainConfig(VaeConfig.SEED, 1, 128, 1e-3, 42, Path.of("data", "mnist"), out, threads);
    }

    @Test
    void historyCsvRoundTripsExactly(@TempDir Path dir) throws Exception {
        try (Kernels k = new VectorKernels(2)) {
            Trainer trainer = new Trainer(config(dir, 2, 2), k, train, test, new PrintStream(new ByteArrayOutputStream()));
            History history = trainer.run();
            History back = History.fromCsv(history.toCsv());
            assertEquals(history.toCsv(), back.toCsv());
            assertEquals(Files.readString(dir.resolve(History.FILE)), history.toCsv());
        }
    }

    @Test
    void aValidationSplitIsHeldOutAndTrackedPerEpoch(@TempDir Path dir) {
        Mnist[] split = Trainer.holdOut(train, 200, 42);
        assertEquals(800, split[0].count());
        assertEquals(200, split[1].count());
        java.util.Set<String> kept = new java.util.HashSet<>();
        for (int i = 0; i < split[0].count(); i++) {
            kept.add(java.util.Arrays.toString(image(split[0], i)));
        }
        int seenInTraining = 0;
        for (int i = 0; i < split[1].count(); i++) {
            seenInTraining += kept.contains(java.util.Arrays.toString(image(split[1], i))) ? 1 : 0;
        }
        assertEquals(0, seenInTraining, "no held-out image is also trained on");
        assertEquals(0, Trainer.holdOut(train, 0, 42)[0] == train ? 0 : 1, "0 keeps the training set as it is");

        try (Kernels k = new VectorKernels(2)) {
            Trainer trainer = new Trainer(config(dir, 2, 2), k, split[0], split[1], test,
                    new PrintStream(new ByteArrayOutputStream()));
            Table h = trainer.run().table();
            assertEquals(2, h.doubleColumn("validation_loss").size());
            double first = h.doubleColumn("validation_loss").get(0), second = h.doubleColumn("validation_loss").get(1);
            assertTrue(second < first, "validation loss falls: " + first + " then " + second);
            assertTrue(History.fromCsv(trainer.history().toCsv()).hasValidation());
        }
    }

    static float[] image(Mnist data, int i) {
        float[] pixels = new float[data.imageSize()];
        data.copyImages(new int[] {i}, 0, 1, pixels);
        return pixels;
    }

    static void assertSameLosses(Table expected, Table actual, int epochs) {
        assertEquals(epochs, expected.rowCount());
        assertEquals(epochs, actual.rowCount());
        for (String column : List.of("train_loss", "train_bce", "train_kl", "test_loss", "test_bce", "test_kl")) {
            assertArrayEquals(expected.doubleColumn(column).asDoubleArray(), actual.doubleColumn(column).asDoubleArray(),
                    column + " to the last digit");
        }
    }
}
