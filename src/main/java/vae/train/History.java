package vae.train;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import tech.tablesaw.api.ColumnType;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.io.RuntimeIOException;
import tech.tablesaw.io.csv.CsvReadOptions;
import tech.tablesaw.io.csv.CsvWriteOptions;

/**
 * One row per epoch, kept as a Tablesaw table and rewritten to {@code history.csv} after every
 * epoch (to a temporary file first, then renamed, so a crash never leaves half a file).
 */
public final class History {
    public static final String FILE = "history.csv";

    private final Table table;

    public History() {
        this(false);
    }

    /** With {@code validation}, three more columns hold the loss on the held-out training images. */
    public History(boolean validation) {
        this(Table.create("history",
                IntColumn.create("epoch"),
                DoubleColumn.create("train_loss"),
                DoubleColumn.create("train_bce"),
                DoubleColumn.create("train_kl"),
                DoubleColumn.create("test_loss"),
                DoubleColumn.create("test_bce"),
                DoubleColumn.create("test_kl"),
                DoubleColumn.create("seconds")));
        if (validation) {
            table.addColumns(DoubleColumn.create("validation_loss"), DoubleColumn.create("validation_bce"),
                    DoubleColumn.create("validation_kl"));
        }
    }

    private History(Table table) {
        this.table = table;
    }

    /** The table as CSV text: what a checkpoint keeps, so that a resumed run writes the same file. */
    public String toCsv() {
        StringWriter text = new StringWriter();
        table.write().csv(CsvWriteOptions.builder(text).build());
        return text.toString();
    }

    /** Reads back what {@link #toCsv} wrote. Every number is printed in full, so it comes back exactly. */
    public static History fromCsv(String csv) {
        History empty = new History(csv.lines().findFirst().orElse("").contains("validation_loss"));
        ColumnType[] types = empty.table.columns().stream().map(c -> c.type()).toArray(ColumnType[]::new);
        Table read = Table.read().usingOptions(CsvReadOptions.builder(new StringReader(csv))
                .tableName("history").columnTypes(types));
        if (!read.columnNames().equals(empty.table.columnNames())) {
            throw new IllegalArgumentException("history columns are " + read.columnNames()
                    + ", expected " + empty.table.columnNames());
        }
        return new History(read);
    }

    public int rows() {
        return table.rowCount();
    }

    public boolean hasValidation() {
        return table.columnNames().contains("validation_loss");
    }

    public void add(int epoch, Metrics train, Metrics test, Metrics validation, double seconds) {
        add(epoch, train, test, seconds);
        if (hasValidation()) {
            table.doubleColumn("validation_loss").append(validation.loss());
            table.doubleColumn("validation_bce").append(validation.bce());
            table.doubleColumn("validation_kl").append(validation.kl());
        }
    }

    public void add(int epoch, Metrics train, Metrics test, double seconds) {
        table.intColumn("epoch").append(epoch);
        table.doubleColumn("train_loss").append(train.loss());
        table.doubleColumn("train_bce").append(train.bce());
        table.doubleColumn("train_kl").append(train.kl());
        table.doubleColumn("test_loss").append(test.loss());
        table.doubleColumn("test_bce").append(test.bce());
        table.doubleColumn("test_kl").append(test.kl());
        table.doubleColumn("seconds").append(seconds);
    }

    public void write(Path file) {
        try {
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            table.write().csv(tmp.toFile());
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | RuntimeIOException e) {
            throw new TrainingException(file + ": cannot write (" + TrainingException.reason(e) + ")", e);
        }
    }

    public Table table() {
        return table;
    }
}
