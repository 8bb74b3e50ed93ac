package vae.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;
import vae.data.IdxFiles;

/**
 * One run of the command line as a user sees it: the exit code, standard output and standard
 * error. {@code Main.run} builds a new picocli {@code CommandLine} per call, whose error writer
 * wraps {@code System.err} as it is then, so swapping the two streams around the call captures all.
 */
record CliRun(int exit, String out, String err) {

    static CliRun of(String... args) {
        PrintStream out = System.out, err = System.err;
        ByteArrayOutputStream outBytes = new ByteArrayOutputStream(), errBytes = new ByteArrayOutputStream();
        System.setOut(new PrintStream(outBytes, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(errBytes, true, StandardCharsets.UTF_8));
        int exit;
        try {
            exit = Main.run(args);
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
        return new CliRun(exit, outBytes.toString(StandardCharsets.UTF_8), errBytes.toString(StandardCharsets.UTF_8));
    }

    /**
     * A failure as the project promises it: a non-zero exit, exactly one line on standard error,
     * "error: " and a message, and no stack trace anywhere. Returns the line.
     */
    String assertOneLineError() {
        String report = "exit " + exit + "\n--- stderr:\n" + err + "--- stdout:\n" + tail(out);
        assertNotEquals(0, exit, report);
        List<String> lines = err.lines().toList();
        assertEquals(1, lines.size(), "not one line on stderr:\n" + report);
        String line = lines.get(0);
        assertTrue(line.startsWith("error: "), report);
        for (String text : List.of(err, out)) {
            assertFalse(text.contains("\tat "), "a stack trace:\n" + report);
            assertFalse(text.contains("Exception in thread"), "a stack trace:\n" + report);
        }
        return line;
    }

    private static String tail(String text) {
        return text.length() < 2000 ? text : "..." + text.substring(text.length() - 2000);
    }

    // ---- tiny MNIST files -------------------------------------------------------------------

    /** An IDX labels file of {@code count} labels 0, 1, 2, ..., 9, 0, ... */
    static byte[] labels(int count) {
        return IdxFiles.labels(IntStream.range(0, count).map(i -> i % 10).toArray());
    }

    /** The four MNIST files, raw, in {@code dir}: {@code train} training and {@code test} test images of 28 x 28. */
    static Path mnist(Path dir, int train, int test) {
        put(dir.resolve("train-images-idx3-ubyte"), IdxFiles.images(train, 28, 28));
        put(dir.resolve("train-labels-idx1-ubyte"), labels(train));
        put(dir.resolve("t10k-images-idx3-ubyte"), IdxFiles.images(test, 28, 28));
        put(dir.resolve("t10k-labels-idx1-ubyte"), labels(test));
        return dir;
    }

    static Path put(Path file, byte[] bytes) {
        try {
            Files.createDirectories(file.getParent());
            return Files.write(file, bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
