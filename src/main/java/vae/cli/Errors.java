package vae.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import vae.checkpoint.CheckpointException;
import vae.data.DataException;
import vae.opencl.OpenClUnavailableException;
import vae.report.ReportException;
import vae.train.TrainingException;

/**
 * Tells the user's problems from the program's, and reports each as its reader needs it.
 *
 * <p>A problem with the input or the machine (a broken file, a bad option, a full disk, too
 * little memory) gets one line that says what to fix: a stack trace would only bury it. Every
 * other exception is a defect in this program (an index out of bounds, a null, a kernel thread
 * that failed): one line cannot say what went wrong, so it is reported as a bug, with the whole
 * stack trace and its causes, which is what whoever fixes it needs.
 */
final class Errors {

    /** The first line of a bug's report; the stack trace follows it. */
    static final String BUG = "error: this is a bug in vae, not a problem with your input;"
            + " please report it with the command you ran and the lines below";

    private Errors() {
    }

    //> cli errors
    /**
     * Whether {@code e} is a problem the user can fix from one line: the project's own exceptions
     * (each thrown with a message for the user), a bad argument, a failed file operation, or
     * memory. Anything else is a bug.
     */
    static boolean isUserProblem(Throwable e) {
        return e instanceof DataException || e instanceof TrainingException || e instanceof IllegalArgumentException
                || e instanceof ReportException || e instanceof CheckpointException
                || e instanceof OpenClUnavailableException
                || e instanceof IOException || e instanceof UncheckedIOException // a file or folder that failed
                || e instanceof OutOfMemoryError;
    }

    /**
     * Writes the report of a failed command to {@code err} and returns its exit code: 2 for a bad
     * argument, 1 for any other failure. A user's problem is one line, "error: " and what is
     * wrong; a bug is the {@link #BUG} line and the exception's stack trace, causes included.
     */
    static int report(Throwable e, PrintWriter err) {
        if (isUserProblem(e)) {
            err.println("error: " + describe(e));
        } else {
            err.println(BUG);
            e.printStackTrace(err);
        }
        err.flush();
        return e instanceof IllegalArgumentException ? 2 : 1;
    }
    //< cli errors

    /** The one line for a user's problem, after "error: ". */
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
