package vae.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tech.tablesaw.api.Table;
import vae.data.Mnist;
import vae.model.Vae;
import vae.model.VaeConfig;
import vae.tensor.ScalarKernels;

class EvaluationTest {
    final ScalarKernels k = new ScalarKernels();
    final Mnist data = ReportFixtures.digits(40, 4, 4, 21);
    final Vae model = ReportFixtures.trained(k, new VaeConfig(16, 8, 4, 3), 16, data, 10, 22);

    @Test
    void reportsEveryMeasurement() {
        Evaluation e = Evaluation.run(model, k, data, 10, 42);
        for (String name : List.of("test_loss", "test_bce", "test_kl", "iwae_samples", "iwae_log_px", "iwae_nll",
                "active_units", "mu_variance_1", "mu_variance_3", "recon_bce", "recon_bce_digit_0",
                "recon_bce_digit_9", "pixel_entropy", "images")) {
            assertTrue(Double.isFinite(e.value(name)), name + " = " + e.value(name));
        }
        assertEquals(e.value("test_bce") + e.value("test_kl"), e.value("test_loss"), 1e-9);
        assertEquals(-e.value("iwae_log_px"), e.value("iwae_nll"), 0);
        assertEquals(10, e.value("iwae_samples"));
        assertEquals(40, e.value("images"));
        double active = e.value("active_units");
        assertTrue(active >= 0 && active <= 3 && active == Math.rint(active));
        assertThrows(IllegalArgumentException.class, () -> e.value("no_such_thing"));
    }

    @Test
    void theSameSeedGivesTheSameNumbers() {
        assertEquals(Evaluation.run(model, k, data, 5, 7).lines(), Evaluation.run(model, k, data, 5, 7).lines());
    }

    @Test
    void printsNameValueLines() {
        Evaluation e = Evaluation.run(model, k, data, 5, 7);
        List<String> lines = e.lines();
        assertEquals(e.table().rowCount(), lines.size());
        assertTrue(lines.contains("iwae_samples 5"), lines.toString());
        assertTrue(lines.contains("images 40"), lines.toString());
        for (String line : lines) {
            assertTrue(line.matches("[a-z0-9_]+ -?[0-9]+(\\.[0-9]{6})?"), line);
        }
        assertEquals("147.290000", Evaluation.format(147.29));
        assertEquals("-3", Evaluation.format(-3.0));
    }

    @Test
    void savesTheTableAsCsv(@TempDir Path dir) {
        Evaluation e = Evaluation.run(model, k, data, 5, 7);
        Path file = dir.resolve(Evaluation.FILE);
        e.write(file);
        Table read = Table.read().csv(file.toFile());
        assertEquals(List.of("name", "value"), read.columnNames());
        assertEquals(e.table().rowCount(), read.rowCount());
        assertEquals(e.value("test_loss"), read.numberColumn("value").getDouble(0), 1e-9);
    }

    @Test
    void sayWhichFileCannotBeWritten(@TempDir Path dir) {
        Evaluation e = Evaluation.run(model, k, data, 1, 7);
        Path file = dir.resolve("missing").resolve(Evaluation.FILE);
        ReportException x = assertThrows(ReportException.class, () -> e.write(file));
        assertTrue(x.getMessage().startsWith(file.toString()), x.getMessage());
    }
}
