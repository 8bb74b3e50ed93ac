package vae.cli;

import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import vae.checkpoint.CheckpointException;
import vae.data.DataException;
import vae.opencl.OpenClUnavailableException;
import vae.report.ReportException;
import vae.train.TrainingException;

/** Turns an exception into the one line a user reads. */
final class Errors {
    private Errors() {
    }

    static String describe(Throwable e) {
        if (e instanceof DataException || e instanceof TrainingException || e instanceof IllegalArgumentException
                || e instanceof ReportException || e instanceof CheckpointException
                || e instanceof OpenClUnavailableException) {
            return e.getMessage();
        }
        if (e instanceof UncheckedIOException && e.getCause() != null) {
            return describe(e.getCause());
        }
        if (e instanceof NoSuchFileException) {
            return ((NoSuchFileException) e).getFile() + ": no such file or folder";
        }
        if (e instanceof AccessDeniedException) {
            return ((AccessDeniedException) e).getFile() + ": permission denied";
        }
        if (e instanceof FileSystemException) {
            FileSystemException f = (FileSystemException) e;
            return f.getFile() + ": " + (f.getReason() != null ? f.getReason() : "file system error");
        }
        if (e instanceof OutOfMemoryError) {
            return "out of memory: give the JVM more heap (-Xmx) or use a smaller --batch-size";
        }
        String message = e.getMessage();
        return e.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }
}
