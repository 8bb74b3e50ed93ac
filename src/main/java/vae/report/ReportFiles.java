package vae.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import tech.tablesaw.api.Table;
import tech.tablesaw.io.RuntimeIOException;

/**
 * The report's text files, each written whole or not at all: to a temporary file beside it, then
 * renamed over it, so that a failure halfway leaves the old file (or none), never half of one.
 */
final class ReportFiles {
    private ReportFiles() {
    }

    /** A table as CSV, through Tablesaw. */
    static void writeCsv(Path file, Table table) {
        write(file, tmp -> table.write().csv(tmp.toFile()));
    }

    /** Text, as UTF-8. */
    static void writeText(Path file, CharSequence text) {
        write(file, tmp -> Files.writeString(tmp, text, StandardCharsets.UTF_8));
    }

    private interface Writer {
        void to(Path tmp) throws IOException;
    }

    private static void write(Path file, Writer writer) {
        try {
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            writer.to(tmp);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | RuntimeIOException e) { // Tablesaw wraps its IOExceptions
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new ReportException(file + ": cannot write (" + cause.getMessage() + ")", e);
        }
    }
}
