package vae.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vae.data.Mnist;
import vae.model.Vae;
import vae.model.VaeConfig;
import vae.tensor.ScalarKernels;

class ReconstructionTimelineTest {
    final ScalarKernels k = new ScalarKernels();
    final Mnist data = ReportFixtures.digits(12, 28, 28, 1);

    static List<Integer> dueEpochs(int epochs) {
        List<Integer> due = new ArrayList<>();
        for (int e = 1; e <= epochs; e++) {
            if (ReconstructionTimeline.due(e, epochs)) {
                due.add(e);
            }
        }
        return due;
    }

    @Test
    void aboutTenRowsPerRun() {
        assertEquals(List.of(1, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100), dueEpochs(100));
        assertEquals(List.of(1, 2, 3), dueEpochs(3));
        assertEquals(List.of(1, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 21), dueEpochs(21));
        assertEquals(List.of(1), dueEpochs(1));
    }

    @Test
    void recordsOneRowPerCallBelowTheOriginals(@TempDir Path dir) {
        VaeConfig c = new VaeConfig(784, 16, 4, 2);
        ReconstructionTimeline timeline = new ReconstructionTimeline(k, data);
        Vae before = ReportFixtures.model(k, c, 8, 1);
        timeline.record(1, before);
        Vae after = ReportFixtures.trained(k, c, 8, data, 2, 1);
        timeline.record(3, after);
        assertEquals(2, timeline.rows());
        assertEquals(List.of(1, 3), timeline.epochs());

        ImageGrid grid = timeline.grid();
        assertEquals(3, grid.rows);
        assertEquals(ReconstructionTimeline.COUNT, grid.cols);
        DigitFiguresTest.assertCellIs(grid, 0, 2, Latents.images(data, new int[] {2})[0]);
        Latents latents = new Latents(after, k);
        DigitFiguresTest.assertCellIs(grid, 2, 2, latents.reconstruct(data, new int[] {2})[0]);

        Path file = dir.resolve("training_reconstructions.png");
        timeline.write(file);
        assertEquals(ImageGrid.span(3, 28), Png.read(file).getHeight());
    }

    @Test
    void aSmallTestSetGivesShorterRows() {
        ReconstructionTimeline timeline = new ReconstructionTimeline(k, ReportFixtures.digits(3, 28, 28, 1));
        timeline.record(1, ReportFixtures.model(k, new VaeConfig(784, 16, 4, 2), 2, 1));
        assertEquals(3, timeline.grid().cols);
        assertThrows(ReportException.class, () -> new ReconstructionTimeline(k, ReportFixtures.digits(0, 28, 28, 1)));
    }
}
