package vae.report;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import vae.data.Mnist;
import vae.model.Vae;
import vae.tensor.Kernels;

/**
 * Reconstructions of the same test images as training goes on: the trainer calls
 * {@link #record} after some epochs, and {@link #write} draws the originals on top and one
 * labelled row per recorded epoch below them. Rows are kept in memory (10 images of 784 floats
 * each), so a run that resumes from a checkpoint starts a new timeline.
 */
public final class ReconstructionTimeline {
    /** Images per row (fewer when the data has fewer). */
    public static final int COUNT = 10;
    /** About how many rows a run records, when it uses {@link #due}. */
    public static final int ROWS = 10;

    private final Kernels k;
    private final Mnist data;
    private final int[] images;
    private final List<Integer> epochs = new ArrayList<>();
    private final List<float[][]> rows = new ArrayList<>();
    private Latents latents;

    /** A timeline of the reconstructions of images 0 .. 9 of data (the test set). */
    public ReconstructionTimeline(Kernels k, Mnist data) {
        if (data.count() == 0) {
            throw new ReportException("a reconstruction timeline needs at least one image, the data has none");
        }
        this.k = k;
        this.data = data;
        this.images = Latents.identity(Math.min(COUNT, data.count()));
    }

    //> timeline due
    // whether epoch (1-based) of a run of `epochs` gets a row: the first, the last, and every
    // epochs / ROWS epochs between them, so that a long run has about ROWS + 1 rows
    public static boolean due(int epoch, int epochs) {
        int every = Math.max(1, epochs / ROWS);
        return epoch == 1 || epoch == epochs || epoch % every == 0;
    }
    //< timeline due

    //> timeline record
    // adds a row: the reconstructions (z = μ) of the timeline's images by model, after epoch
    public void record(int epoch, Vae model) {
        if (latents == null || latents.model() != model) {
            latents = new Latents(model, k);
        }
        epochs.add(epoch);
        rows.add(latents.reconstruct(data, images));
    }
    //< timeline record

    /** Number of recorded rows (the originals not counted). */
    public int rows() {
        return rows.size();
    }

    public List<Integer> epochs() {
        return List.copyOf(epochs);
    }

    /** The originals, then one row per recorded epoch, each labelled. */
    public ImageGrid grid() {
        String[] labels = new String[rows.size() + 1];
        labels[0] = "original";
        for (int r = 0; r < rows.size(); r++) {
            labels[r + 1] = "epoch " + epochs.get(r);
        }
        ImageGrid grid = new ImageGrid(labels.length, images.length, data.rows(), data.cols(), labels);
        grid.putAll(0, Latents.images(data, images));
        for (int r = 0; r < rows.size(); r++) {
            grid.putAll(r + 1, rows.get(r));
        }
        return grid;
    }

    public void write(Path file) {
        grid().write(file);
    }
}
