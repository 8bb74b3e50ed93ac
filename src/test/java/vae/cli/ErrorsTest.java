package vae.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import vae.checkpoint.CheckpointException;
import vae.data.DataException;
import vae.report.ReportException;
import vae.fast.PlantedKernelBug;
import vae.train.TrainingException;

/**
 * What a failed command prints: a problem with the input is one line, a bug in the program is the
 * bug line and the stack trace, with the real failure under "Caused by" where a wrapper hides it.
 */
class ErrorsTest {

    private record Report(int exit, String err) {
        List<String> lines() {
            return err.lines().toList();
        }
    }

    private static Report report(Throwable e) {
        StringWriter text = new StringWriter();
        int exit = Errors.report(e, new PrintWriter(text));
        return new Report(exit, text.toString());
    }

    @Test
    void aKernelThreadsFailureIsReportedAsABugWithTheRealCauseAndWhereItHappened() {
        RuntimeException thrown = PlantedKernelBug.thrown();
        Report r = report(thrown);
        String err = r.err();

        assertEquals(1, r.exit(), err);
        assertEquals(Errors.BUG, r.lines().get(0), err);
        assertTrue(r.lines().get(1).startsWith("java.lang.IllegalStateException: a kernel thread failed: worker 1 (thread vae-kernels-1)"),
                "the wrapper, naming the worker and its thread:\n" + err);
        int cause = err.indexOf("Caused by: java.lang.ArithmeticException: " + PlantedKernelBug.MESSAGE);
        assertTrue(cause > 0, "the planted cause, class and message:\n" + err);
        assertTrue(err.indexOf("\tat vae.fast.PlantedKernelBug.failOnTheHelper(PlantedKernelBug.java:", cause) > cause,
                "the frame of the planted defect, under the cause:\n" + err);
        assertTrue(err.indexOf("\tat vae.fast.Parallel$Job.work(Parallel.java:", cause) > cause,
                "the cause's frames on the helper thread:\n" + err);
        assertTrue(err.indexOf("\tat vae.fast.Parallel.forEach(Parallel.java:") < cause,
                "the wrapper's own frames, where the caller was:\n" + err);
    }

    /** A command whose run fails with the planted kernel bug, or with what {@link #failure} holds. */
    @Command(name = "fails")
    static final class Fails implements Runnable {
        private final Throwable failure;

        Fails(Throwable failure) {
            this.failure = failure;
        }

        @Override
        public void run() {
            if (failure == null) {
                throw PlantedKernelBug.thrown();
            }
            if (failure instanceof Error) {
                throw (Error) failure;
            }
            throw (RuntimeException) failure;
        }
    }

    /** The command line's own handling ({@link Main#execute}), standard error captured. */
    private static Report execute(Throwable failure) {
        StringWriter text = new StringWriter();
        CommandLine cli = new CommandLine(new Fails(failure));
        cli.setErr(new PrintWriter(text));
        int exit = Main.execute(cli);
        return new Report(exit, text.toString());
    }

    @Test
    void theCommandLineReportsAPlantedKernelBugWithItsCause() {
        Report r = execute(null);
        assertEquals(1, r.exit(), r.err());
        assertEquals(Errors.BUG, r.lines().get(0), r.err());
        int cause = r.err().indexOf("Caused by: java.lang.ArithmeticException: " + PlantedKernelBug.MESSAGE);
        assertTrue(cause > 0, r.err());
        assertTrue(r.err().indexOf("\tat vae.fast.PlantedKernelBug.failOnTheHelper(", cause) > cause, r.err());
    }

    @Test
    void theCommandLineReportsAnErrorThatPicocliLetsThroughTheSameWay() {
        Report bug = execute(new StackOverflowError());
        assertEquals(1, bug.exit(), bug.err());
        assertEquals(Errors.BUG, bug.lines().get(0), bug.err());
        assertEquals("java.lang.StackOverflowError", bug.lines().get(1), bug.err());
        assertTrue(bug.lines().get(2).startsWith("\tat " + ErrorsTest.class.getName() + "."), bug.err());

        Report memory = execute(new OutOfMemoryError("Java heap space"));
        assertEquals(1, memory.exit(), memory.err());
        assertEquals(List.of("error: out of memory: give the JVM more heap (-Xmx) or use a smaller --batch-size"), memory.lines());
    }

    @Test
    void theCommandLineStillGivesBadInputOneLine() {
        Report r = execute(new DataException(Path.of("data", "t10k-labels-idx1-ubyte"), "has 3 labels for 4 images"));
        assertEquals(1, r.exit(), r.err());
        assertEquals(List.of("error: " + Path.of("data", "t10k-labels-idx1-ubyte") + ": has 3 labels for 4 images"), r.lines());
    }

    @Test
    void anyOtherUnexpectedExceptionIsABugWithItsStackTrace() {
        for (Throwable bug : List.of(new NullPointerException("x is null"), new ArrayIndexOutOfBoundsException("Index 784 out of bounds for length 784"),
                new IllegalStateException("no batch"), new StackOverflowError())) {
            Report r = report(bug);
            assertEquals(1, r.exit(), r.err());
            assertEquals(Errors.BUG, r.lines().get(0), r.err());
            assertEquals(bug.toString(), r.lines().get(1), r.err());
            assertTrue(r.lines().get(2).startsWith("\tat " + ErrorsTest.class.getName() + "."), r.err());
        }
    }

    static Stream<Arguments> userProblems() {
        Path file = Path.of("data", "train-images-idx3-ubyte");
        return Stream.of(
                Arguments.of(new DataException(file, "truncated", new IOException("EOF")), 1,
                        "error: " + file + ": truncated"),
                Arguments.of(new TrainingException("out: cannot write (No space left on device)", new IOException("No space left on device")), 1,
                        "error: out: cannot write (No space left on device)"),
                Arguments.of(new IllegalArgumentException("--epochs must be at least 1, got 0"), 2,
                        "error: --epochs must be at least 1, got 0"),
                Arguments.of(new ReportException("h.csv: cannot read as CSV (bad)", new RuntimeException("bad")), 1,
                        "error: h.csv: cannot read as CSV (bad)"),
                Arguments.of(new CheckpointException(Path.of("v.safetensors"), "truncated", new IllegalStateException("inner")), 1,
                        "error: v.safetensors: truncated"),
                Arguments.of(new UncheckedIOException(new NoSuchFileException("missing.csv")), 1,
                        "error: missing.csv: no such file or folder"),
                Arguments.of(new AccessDeniedException("out/history.csv"), 1,
                        "error: out/history.csv: permission denied"),
                Arguments.of(new OutOfMemoryError("Java heap space"), 1,
                        "error: out of memory: give the JVM more heap (-Xmx) or use a smaller --batch-size"));
    }

    @ParameterizedTest
    @MethodSource("userProblems")
    void aProblemWithTheInputIsOneLineEvenWithACauseAttached(Throwable e, int exit, String line) {
        Report r = report(e);
        assertEquals(exit, r.exit(), r.err());
        assertEquals(List.of(line), r.lines(), r.err());
        assertFalse(r.err().contains("\tat "), r.err());
        assertFalse(r.err().contains("bug"), r.err());
    }
}
