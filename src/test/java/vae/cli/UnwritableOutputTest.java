package vae.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vae.checkpoint.Checkpoint;
import vae.data.Mnist;
import vae.model.VaeConfig;
import vae.tensor.Kernels;
import vae.tensor.ScalarKernels;
import vae.train.Checkpoints;
import vae.train.History;
import vae.train.Metrics;
import vae.train.TrainConfig;
import vae.train.Trainer;
import vae.train.TrainingException;

/**
 * An output that stops being writable in the middle of a run (a full disk, a folder taken away):
 * one clear line, a non-zero exit, and every file written before still whole. The tests run as
 * root, whom permissions do not stop, so the writes are made to fail by putting a folder where a
 * file must go, or a file where a folder must go.
 */
class UnwritableOutputTest {

    @TempDir
    Path dir;

    String[] train(Path out, int epochs) {
        Path data = CliRun.mnist(dir.resolve("data"), 4, 3);
        return new String[] {"train", "--data", data.toString(), "--out", out.toString(), "--epochs", "" + epochs,
            "--batch-size", "2", "--checkpoint-every", "1", "--hidden", "8", "--feature", "4", "--threads", "1",
            "--kernels", "scalar"};
    }

    @Test
    void aCheckpointThatCannotBeWrittenStopsTheRunAndKeepsTheEarlierOnes() throws IOException {
        Path out = dir.resolve("out");
        Path folder = out.resolve(Checkpoints.FOLDER);
        Path second = Checkpoints.epochFile(folder, 2);
        Files.createDirectories(second);                        // a folder where epoch 2's file must go
        Files.writeString(second.resolve("in-the-way"), "x");

        CliRun run = CliRun.of(train(out, 3));

        String line = run.assertOneLineError();
        assertEquals(1, run.exit());
        assertTrue(line.startsWith("error: " + second + ": cannot write"), line);
        assertEquals(1, Checkpoint.load(Checkpoints.epochFile(folder, 1)).epoch());
        assertEquals(List.of("vae_epoch_001.safetensors", "vae_epoch_002.safetensors"), names(folder), "no temporary file left");
        assertEquals(2, history(out).rows());
    }

    @Test
    void aCheckpointsFolderReplacedByAFileAfterEpochOne() throws IOException {
        Path out = dir.resolve("out");
        Path folder = out.resolve(Checkpoints.FOLDER);
        Path kept = out.resolve("kept");
        Mnist train = Mnist.load(CliRun.mnist(dir.resolve("data"), 4, 3), true);
        Mnist test = Mnist.load(dir.resolve("data"), false);
        TrainConfig config = new TrainConfig(new VaeConfig(784, 8, 4, 2), 3, 2, 1e-3, 42, dir.resolve("data"), out, 1);
        try (Kernels k = new ScalarKernels()) {
            Trainer trainer = new Trainer(config, k, train, test, new PrintStream(new ByteArrayOutputStream()));
            Checkpoints checkpoints = new Checkpoints(out, 1);
            trainer.setListener(new Trainer.Listener() {
                @Override
                public void epochDone(Trainer t, int epoch, Metrics trainLoss, Metrics testLoss) {
                    checkpoints.epochDone(t, epoch, trainLoss, testLoss);
                    if (epoch == 1) {                       // the folder goes away, a file takes its name
                        move(folder, kept);
                        CliRun.put(folder, new byte[] {1});
                    }
                }
            });

            TrainingException e = assertThrows(TrainingException.class, trainer::run);

            String line = Errors.describe(e);
            assertFalse(line.contains("\n"), line);
            assertTrue(line.startsWith(folder + ": cannot create the output folder"), line);
        }
        assertEquals(1, Checkpoint.load(Checkpoints.epochFile(kept, 1)).epoch());
        assertEquals(2, history(out).rows());
    }

    @Test
    void figuresThatCannotBeWrittenKeepTheCheckpoints() throws IOException {
        Path out = dir.resolve("out");
        CliRun.put(out.resolve("figures"), new byte[] {1});      // a file where the figures' folder must go

        CliRun run = CliRun.of(train(out, 2));

        String line = run.assertOneLineError();
        assertEquals(1, run.exit());
        assertTrue(line.startsWith("error: " + out.resolve("figures").resolve("data.png") + ": cannot write"), line);
        for (int epoch = 1; epoch <= 2; epoch++) {
            assertEquals(epoch, Checkpoint.load(Checkpoints.epochFile(out.resolve(Checkpoints.FOLDER), epoch)).epoch());
        }
        assertEquals(2, history(out).rows());
    }

    @Test
    void aHistoryThatCannotBeWrittenLeavesTheOldOneWhole() throws IOException {
        Path out = dir.resolve("out");
        byte[] old = "epoch,train_loss\n1,200.0\n".getBytes();
        CliRun.put(out.resolve(History.FILE), old);
        Files.createDirectories(out.resolve(History.FILE + ".tmp"));  // a folder where the new history is written first

        CliRun run = CliRun.of(train(out, 2));

        String line = run.assertOneLineError();
        assertEquals(1, run.exit());
        assertTrue(line.startsWith("error: " + out.resolve(History.FILE) + ": cannot write"), line);
        assertArrayEquals(old, Files.readAllBytes(out.resolve(History.FILE)));
    }

    private static History history(Path out) throws IOException {
        return History.fromCsv(Files.readString(out.resolve(History.FILE)));
    }

    private static List<String> names(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(f -> f.getFileName().toString()).sorted().toList();
        }
    }

    private static void move(Path from, Path to) {
        try {
            Files.move(from, to);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
