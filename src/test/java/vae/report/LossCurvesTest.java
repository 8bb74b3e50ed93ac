package vae.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.Table;

class LossCurvesTest {

    /** A history like vae.train.History's, over epochs 1..n, with the given splits. */
    static Table history(int n, String... splits) {
        Table t = Table.create("history", IntColumn.create("epoch"));
        for (int e = 1; e <= n; e++) {
            t.intColumn("epoch").append(e);
        }
        for (String split : splits) {
            DoubleColumn loss = DoubleColumn.create(split + "_loss"), bce = DoubleColumn.create(split + "_bce"),
                    kl = DoubleColumn.create(split + "_kl");
            for (int e = 1; e <= n; e++) {
                bce.append(140 + 60.0 / e);
                kl.append(5 - 1.0 / e);
                loss.append(bce.getDouble(e - 1) + kl.getDouble(e - 1));
            }
            t.addColumns(loss, bce, kl);
        }
        return t;
    }

    @Test
    void threePanelsWithALinePerSplit() {
        assertEquals(6, LossCurves.figure(history(5, "train", "test")).getTraces().length);
        assertEquals(9, LossCurves.figure(history(5, "train", "validation", "test")).getTraces().length);
        assertEquals(List.of(0, 2), LossCurves.splits(history(2, "train", "test")));
    }

    @Test
    void readsTheHistoryCsvAsTrainingWritesIt(@TempDir Path dir) throws IOException {
        vae.train.History h = new vae.train.History();
        h.add(1, new vae.train.Metrics(200, 190, 10), new vae.train.Metrics(180, 172, 8), 1.5);
        h.add(2, new vae.train.Metrics(170, 163, 7), new vae.train.Metrics(165, 158, 7), 1.4);
        Path csv = dir.resolve("history.csv");
        h.write(csv);
        Table read = Table.read().csv(csv.toFile());
        LossCurves.write(read, dir, "plotly.min.js");
        String html = Files.readString(dir.resolve(LossCurves.HTML));
        assertTrue(html.contains("<script src=\"plotly.min.js\"></script>"));
        assertTrue(html.contains("xaxis: 'x3'") && html.contains("yaxis: 'y3'"), "the KL panel is the third");
        BufferedImage png = Png.read(dir.resolve(LossCurves.PNG));
        assertEquals(3 * 420, png.getWidth());
        assertEquals(360, png.getHeight());
        assertTrue(LatentScatterTest.distinctColours(png) > 5);
    }

    @Test
    void aTableWithoutLossesIsRefused() {
        Table wrong = Table.create("x", IntColumn.create("epoch"), DoubleColumn.create("loss"));
        ReportException e = assertThrows(ReportException.class, () -> LossCurves.figure(wrong));
        assertTrue(e.getMessage().contains("train_loss"), e.getMessage());
    }
}
