package vae.report;

import static vae.nn.Purpose.SAMPLE_NOISE;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import vae.data.Mnist;
import vae.model.Vae;
import vae.nn.Rng;
import vae.tensor.Kernels;

/**
 * The exercise's extra credit in one table: models of several kinds and latent sizes, trained
 * alike, measured alike. Each trained model is {@link #add}ed with its evaluation; the sweep keeps
 * its row of {@value #CSV} and what its side-by-side figures need (ten reconstructions, ten
 * samples, its latent scatter), and {@link #write} saves the table, a markdown copy of it and
 * three figures that set the models beside one another:
 * <ul>
 *   <li>{@value #RECONSTRUCTIONS}: the same ten test images, then each model's reconstructions;</li>
 *   <li>{@value #SAMPLES}: ten images each model decodes from z ~ N(0, I), the same ten z for every
 *       model of one latent size;</li>
 *   <li>{@value #LATENT_SPACES}: each model's latent scatter (PCA beyond two dimensions), a row per
 *       kind of model, a column per latent size.</li>
 * </ul>
 */
public final class Sweep {
    public static final String CSV = "sweep.csv";
    public static final String MARKDOWN = "sweep.md";
    public static final String RECONSTRUCTIONS = "reconstructions.png";
    public static final String SAMPLES = "samples.png";
    public static final String LATENT_SPACES = "latent_spaces.png";
    /** Images per row of the side-by-side figures. */
    static final int COUNT = 10;
    /** The side-by-side scatter draws each model's chart at this fraction of its size. */
    static final double TILE_SCALE = 0.5;

    // the columns the issue asks for, in order; evaluation rows named here are copied by name
    private static final Map<String, String> FROM_EVALUATION = columns();

    private static Map<String, String> columns() {
        Map<String, String> c = new LinkedHashMap<>();
        c.put("test_loss", "test_loss");
        c.put("test_bce", "test_bce");
        c.put("test_kl", "test_kl");
        c.put("iw_nll", "iwae_nll");
        c.put("active_units", "active_units");
        return c;
    }

    private final Mnist test;
    private final long seed;
    private final Table table;
    private final List<String> labels = new ArrayList<>();
    private final List<float[][]> reconstructions = new ArrayList<>();
    private final List<float[][]> samples = new ArrayList<>();
    private final List<BufferedImage> scatters = new ArrayList<>();
    private final List<String> extra = new ArrayList<>();

    /** A sweep measured on test; the samples' noise comes from seed. */
    public Sweep(Mnist test, long seed) {
        this.test = test;
        this.seed = seed;
        this.table = Table.create("sweep", StringColumn.create("model"), IntColumn.create("latent"), IntColumn.create("epochs"));
        FROM_EVALUATION.keySet().forEach(name -> table.addColumns(DoubleColumn.create(name)));
        table.addColumns(DoubleColumn.create("seconds"));
    }

    /** Evaluation rows to copy into columns of their own too (the classifier's scores, say), in this order. */
    public Sweep withColumns(List<String> names) {
        for (String name : names) {
            extra.add(name);
            table.addColumns(DoubleColumn.create(name));
        }
        return this;
    }

    //> sweep add
    // one trained model: its row (a measurement it does not have, as a plain autoencoder's iw_nll,
    // is left empty), and its part of the side-by-side figures
    public void add(Vae model, Kernels k, int epochs, double seconds, Evaluation evaluation) {
        String kind = model.config.kind().option();
        int latent = model.config.latent();
        table.stringColumn("model").append(kind);
        table.intColumn("latent").append(latent);
        table.intColumn("epochs").append(epochs);
        FROM_EVALUATION.forEach((column, row) -> append(column, evaluation, row));
        table.doubleColumn("seconds").append(seconds);
        extra.forEach(name -> append(name, evaluation, name));

        Latents latents = new Latents(model, k);
        labels.add(kind + " z=" + latent);
        reconstructions.add(latents.reconstruct(test, Latents.identity(count())));
        samples.add(latents.decode(prior(latent, count(), seed)));
        float[][] means = latents.means(test);
        Projection.View view = Projection.auto(latent).view(means, test, Projection.TSNE_IMAGES, seed);
        String title = String.format(Locale.ROOT, "%s, Z = %d%s", model.config.kind().variational() ? "VAE" : "plain AE",
                latent, view.what() == null ? "" : " (" + view.what() + ")");
        scatters.add(LatentScatter.png(LatentScatter.table(view.points(), view.images()), title, test.dataSet(), view.axes()));
    }
    //< sweep add

    private void append(String column, Evaluation evaluation, String row) {
        if (evaluation.has(row)) {
            table.doubleColumn(column).append(evaluation.value(row));
        } else {
            table.doubleColumn(column).appendMissing();
        }
    }

    private int count() {
        return Math.min(COUNT, test.count());
    }

    //> sweep prior
    // n points of N(0, I) in `latent` dimensions, from a stream of the seed and the latent size
    // alone: every model of one latent size decodes the same points
    static float[][] prior(int latent, int n, long seed) {
        return DigitFigures.priorCodes(n, latent, Rng.stream(seed, SAMPLE_NOISE, latent));
    }
    //< sweep prior

    public Table table() {
        return table;
    }

    /** Writes {@value #CSV}, {@value #MARKDOWN} and the three side-by-side figures into folder; returns them. */
    public List<Path> write(Path folder) {
        List<Path> written = new ArrayList<>();
        try {
            Files.createDirectories(folder);
        } catch (IOException e) {
            throw new ReportException(folder + ": cannot create the folder (" + e.getMessage() + ")", e);
        }
        ReportFiles.writeCsv(folder.resolve(CSV), table);
        written.add(folder.resolve(CSV));
        ReportFiles.writeText(folder.resolve(MARKDOWN), markdown());
        written.add(folder.resolve(MARKDOWN));
        written.add(write(reconstructionGrid(), folder.resolve(RECONSTRUCTIONS)));
        written.add(write(sampleGrid(), folder.resolve(SAMPLES)));
        Path scatter = folder.resolve(LATENT_SPACES);
        Png.write(scatterGrid(), scatter);
        written.add(scatter);
        return written;
    }

    /** The test images on top, then one labelled row of reconstructions per model. */
    public ImageGrid reconstructionGrid() {
        String[] rowLabels = new String[labels.size() + 1];
        rowLabels[0] = "test images";
        for (int r = 0; r < labels.size(); r++) {
            rowLabels[r + 1] = labels.get(r);
        }
        ImageGrid grid = new ImageGrid(rowLabels.length, count(), test.rows(), test.cols(), rowLabels);
        grid.putAll(0, Latents.images(test, Latents.identity(count())));
        for (int r = 0; r < reconstructions.size(); r++) {
            grid.putAll(r + 1, reconstructions.get(r));
        }
        return grid;
    }

    /** One labelled row of samples from the prior per model. */
    public ImageGrid sampleGrid() {
        ImageGrid grid = new ImageGrid(labels.size(), count(), test.rows(), test.cols(), labels.toArray(new String[0]));
        for (int r = 0; r < samples.size(); r++) {
            grid.putAll(r, samples.get(r));
        }
        return grid;
    }

    /** The models' latent scatters, half size: a row per kind of model, a column per latent size, in the order added. */
    public BufferedImage scatterGrid() {
        List<String> kinds = table.stringColumn("model").asList().stream().distinct().toList(); // in the runs' order
        List<Integer> latents = table.intColumn("latent").asList().stream().distinct().toList();
        int w = (int) (scatters.get(0).getWidth() * TILE_SCALE), h = (int) (scatters.get(0).getHeight() * TILE_SCALE);
        BufferedImage grid = new BufferedImage(w * latents.size(), h * kinds.size(), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = grid.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, grid.getWidth(), grid.getHeight());
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
        for (int i = 0; i < scatters.size(); i++) {
            int row = kinds.indexOf(table.stringColumn("model").get(i));
            int col = latents.indexOf(table.intColumn("latent").get(i));
            g.drawImage(scatters.get(i), col * w, row * h, w, h, null);
        }
        g.dispose();
        return grid;
    }

    //> sweep markdown
    // the table as markdown, for the README: numbers to two decimals, an empty cell as "–"
    public String markdown() {
        StringBuilder md = new StringBuilder();
        List<String> names = table.columnNames();
        md.append("| ").append(String.join(" | ", names)).append(" |\n");
        md.append("|").append("---|".repeat(names.size())).append("\n");
        for (int r = 0; r < table.rowCount(); r++) {
            List<String> cells = new ArrayList<>();
            for (String name : names) {
                var column = table.column(name);
                if (column.isMissing(r)) {
                    cells.add("–");
                } else if (column instanceof DoubleColumn d) {
                    double v = d.getDouble(r);
                    cells.add(name.equals("active_units") ? Long.toString(Math.round(v))
                            : String.format(Locale.ROOT, name.equals("seconds") ? "%.0f" : "%.2f", v));
                } else {
                    cells.add(column.getString(r));
                }
            }
            md.append("| ").append(String.join(" | ", cells)).append(" |\n");
        }
        return md.toString();
    }
    //< sweep markdown

    private static Path write(ImageGrid grid, Path file) {
        grid.write(file);
        return file;
    }
}
