package vae.fuzz;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** What the fuzz tests share: a scratch folder, gzip, the one-line check, a hang detector and an allocation meter. */
final class FuzzFiles {
    /** Where the fuzz tests keep their inputs, in the source tree: Jazzer reads them from the classpath. */
    static final Path RESOURCES = Path.of("src", "test", "resources", "vae", "fuzz");
    /** Far longer than any one input takes (milliseconds, a gzip bomb of the fuzzer's size included). */
    static final int HANG_SECONDS = 10;

    private static ExecutorService worker = newWorker();

    private FuzzFiles() {
    }

    /** A scratch folder for the whole run, removed when the JVM exits. */
    static Path scratch(String prefix) {
        try {
            Path dir = Files.createTempDirectory(prefix);
            dir.toFile().deleteOnExit();
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Path write(Path file, byte[] bytes) {
        try {
            Files.write(file, bytes);
            file.toFile().deleteOnExit();
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The project's errors are one line, the file first: a message with a line break, or one that
     * does not name the file, is a finding too.
     */
    static void assertOneLineNaming(RuntimeException e, Path file) {
        String message = e.getMessage();
        if (message == null || message.contains("\n") || message.contains("\r") || !message.startsWith(file + ": ")) {
            throw new AssertionError("not one line starting with '" + file + ": ': " + message, e);
        }
    }

    /** Bytes allocated so far by the current thread (HotSpot counts them per thread). */
    static long allocatedBytes() {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        return threads.getThreadAllocatedBytes(Thread.currentThread().getId());
    }

    /**
     * Runs one input on a worker thread and waits at most {@link #HANG_SECONDS}: a reader that
     * hangs is a finding like a crash, reported with its input. (JUnit's {@code @Timeout} would
     * limit the whole fuzzing run instead of one input.)
     */
    static void withinTimeLimit(Runnable input) {
        Future<?> result = worker.submit(input);
        try {
            result.get(HANG_SECONDS, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            result.cancel(true);
            worker.shutdownNow();
            worker = newWorker();                  // the old thread may never come back
            throw new AssertionError("no answer after " + HANG_SECONDS + " s: the reader hangs on this input");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw new AssertionError(cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    private static ExecutorService newWorker() {
        return Executors.newSingleThreadExecutor(task -> {
            Thread thread = new Thread(task, "fuzz-input");
            thread.setDaemon(true);
            return thread;
        });
    }
}
