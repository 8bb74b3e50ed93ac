package vae.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vae.checkpoint.Checkpoint;
import vae.train.Checkpoints;
import vae.train.History;

/**
 * A run that diverges stops at the first batch whose loss is not finite, says where in one line,
 * exits non-zero, and leaves every checkpoint it wrote before intact.
 */
class NanGuardTest {
    static final Pattern DIVERGED = Pattern.compile(
            "error: the (?:test )?loss became (NaN|Infinity|-Infinity) (?:at|after) epoch (\\d+)(?:, batch (\\d+))?: training diverged \\(try a smaller --lr\\)");

    @Test
    void aHugeLearningRateStopsTheRunAndKeepsTheCheckpoints(@TempDir Path dir) throws IOException {
        Path data = CliRun.mnist(dir.resolve("data"), 4, 3);
        Path out = dir.resolve("out");
        // one batch per epoch, lr 1e3: epoch 1 still ends with a finite test loss and is saved; a later one diverges
        CliRun run = CliRun.of("train", "--data", data.toString(), "--out", out.toString(), "--lr", "1e3",
                "--epochs", "20", "--batch-size", "4", "--checkpoint-every", "1", "--hidden", "8", "--feature", "4",
                "--threads", "1", "--kernels", "scalar");

        String line = run.assertOneLineError();
        assertEquals(1, run.exit());
        Matcher m = DIVERGED.matcher(line);
        assertTrue(m.matches(), line);
        int epoch = Integer.parseInt(m.group(2));
        assertTrue(epoch >= 2, "diverged in the first epoch, before any checkpoint: " + line);

        List<Path> saved = files(out.resolve(Checkpoints.FOLDER));
        assertEquals(epoch - 1, saved.size(), "one checkpoint per finished epoch: " + saved);
        for (int e = 1; e < epoch; e++) {
            Path file = Checkpoints.epochFile(out.resolve(Checkpoints.FOLDER), e);
            assertEquals(e, Checkpoint.load(file).epoch(), file.toString());
        }
        assertEquals(epoch - 1, History.fromCsv(Files.readString(out.resolve(History.FILE))).rows());
    }

    @Test
    void aRunThatDivergesMidEpochLeavesTheFolderAsItWas(@TempDir Path dir) throws IOException {
        Path data = CliRun.mnist(dir.resolve("data"), 4, 3);
        Path out = dir.resolve("out");
        String[] small = {"--data", data.toString(), "--out", out.toString(), "--batch-size", "2", "--checkpoint-every", "1",
            "--hidden", "8", "--feature", "4", "--threads", "1", "--kernels", "scalar"};
        assertEquals(0, CliRun.of(concat(new String[] {"train", "--epochs", "1"}, small)).exit());
        Path first = Checkpoints.epochFile(out.resolve(Checkpoints.FOLDER), 1);
        byte[] checkpoint = Files.readAllBytes(first);
        byte[] history = Files.readAllBytes(out.resolve(History.FILE));

        // a new run in the same folder, from those weights, with a learning rate that blows up on its first step
        CliRun run = CliRun.of(concat(new String[] {"train", "--epochs", "3", "--lr", "1e6", "--init", first.toString()}, small));

        String line = run.assertOneLineError();
        Matcher m = DIVERGED.matcher(line);
        assertTrue(m.matches(), line);
        assertEquals("1", m.group(2), line);
        assertEquals("2", m.group(3), line);
        assertEquals(List.of(first), files(out.resolve(Checkpoints.FOLDER)));
        assertArrayEquals(checkpoint, Files.readAllBytes(first));
        assertArrayEquals(history, Files.readAllBytes(out.resolve(History.FILE)));
        Checkpoint.load(first);
    }

    static String[] concat(String[] a, String[] b) {
        return Stream.concat(Arrays.stream(a), Arrays.stream(b)).toArray(String[]::new);
    }

    static List<Path> files(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.sorted().toList();
        }
    }
}
