package vae.report;

import static vae.nn.Purpose.SAMPLE_NOISE;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import tech.tablesaw.api.Table;
import vae.data.Mnist;
import vae.model.Vae;
import vae.nn.Rng;
import vae.tensor.Kernels;

/**
 * Writes the report's figures for one model into a folder ({@code OUT/figures/}):
 * <ol>
 *   <li>{@value #DATA}: ten training images (the seed's Figure 1);</li>
 *   <li>{@value #RECONSTRUCTIONS}: ten test images above their reconstructions (fewer if the data has fewer);</li>
 *   <li>{@value #TIMELINE}: the same reconstructions across training, when a timeline was recorded;</li>
 *   <li>{@value #SAMPLES}: 10 × 10 images decoded from z ~ N(0, I) (for a plain autoencoder too:
 *       {@link #SAMPLES_CAVEAT});</li>
 *   <li>{@link LatentScatter#HTML} and {@link LatentScatter#PNG}: the test set's latent means by digit (Figure 3);</li>
 *   <li>{@value #MANIFOLD}: the decoder over a 20 × 20 grid of Gaussian quantiles (Figure 4); for a
 *       plain autoencoder, which has no prior, over the range of its test codes;</li>
 *   <li>{@link LossCurves#HTML} and {@link LossCurves#PNG}: the losses per epoch, when there is a history;</li>
 *   <li>{@value #WALK}: ten steps on the line between the latent means of two test digits;</li>
 *   <li>{@link Explorer#HTML}: the latent space to point at, decoded in the page; and
 *       {@link Explorer#TRAINING_HTML}, the same epoch by epoch, when the frames of two epochs or more were recorded.</li>
 * </ol>
 */
public final class Figures {
    public static final String FOLDER = "figures";
    public static final String DATA = "data.png";
    public static final String RECONSTRUCTIONS = "reconstructions.png";
    public static final String TIMELINE = "training_reconstructions.png";
    public static final String SAMPLES = "samples.png";
    public static final String MANIFOLD = "manifold.png";
    public static final String WALK = "latent_walk.png";
    /** What to say beside a plain autoencoder's samples. */
    public static final String SAMPLES_CAVEAT = "note: " + SAMPLES + " decodes z ~ N(0, I) for a plain autoencoder too,"
            + " though nothing in its training asked its codes to look like N(0, I)";
    public static final int COUNT = 10, SAMPLE_SIDE = 10, MANIFOLD_SIDE = 20, WALK_STEPS = 10;

    private final Vae model;
    private final Kernels k;
    private final long seed;
    private final String plotlyJs;
    private Projection projection;       // of the latent-space chart: by default, as Projection.auto says
    private int tsneImages = Projection.TSNE_IMAGES;
    private ExplorerTimeline training;   // the explorer's frames across training, or null

    /** Figures of model; the samples' noise comes from seed; the HTML pages load plotly.js from plotlyJs. */
    public Figures(Vae model, Kernels k, long seed, String plotlyJs) {
        this.model = model;
        this.k = k;
        this.seed = seed;
        this.plotlyJs = plotlyJs;
    }

    /** How the latent-space chart shows more than two dimensions, and how many images a t-SNE map takes. */
    public Figures projection(Projection projection, int tsneImages) {
        this.projection = projection;
        this.tsneImages = tsneImages;
        return this;
    }

    /** The explorer's frames across training, for {@link Explorer#TRAINING_HTML} (null: none). */
    public Figures training(ExplorerTimeline training) {
        this.training = training;
        return this;
    }

    /** The figures folder of a run's output folder. */
    public static Path folder(Path out) {
        return out.resolve(FOLDER);
    }

    //> figures write
    // history (may be null) is the table of history.csv; timeline (may be null) the recorded rows
    public List<Path> write(Path folder, Mnist train, Mnist test, Table history, ReconstructionTimeline timeline) {
        if (train.count() == 0 || test.count() == 0) {
            throw new ReportException("the figures need training and test images, got " + train.count() + " and " + test.count());
        }
        List<Path> written = new ArrayList<>();
        Latents latents = new Latents(model, k);
        DigitFigures digits = new DigitFigures(latents, test.rows(), test.cols());
        written.add(write(digits.data(train, Math.min(COUNT, train.count())), folder.resolve(DATA)));
        written.add(write(digits.reconstructions(test, Math.min(COUNT, test.count())), folder.resolve(RECONSTRUCTIONS)));
        if (timeline != null && timeline.rows() > 0) {
            written.add(write(timeline.grid(), folder.resolve(TIMELINE)));
        }
        written.add(write(digits.samples(SAMPLE_SIDE, Rng.stream(seed, SAMPLE_NOISE, 0)), folder.resolve(SAMPLES)));

        Projection shown = projection != null ? projection : Projection.auto(model.config.latent());
        float[][] means = latents.means(test);
        Projection.View view = shown.view(means, test, tsneImages, seed);
        LatentScatter.write(LatentScatter.table(view.points(), view.images()), model.config.latent(), view.what(), view.axes(),
                test.dataSet(), folder, plotlyJs);
        written.add(folder.resolve(LatentScatter.HTML));
        written.add(folder.resolve(LatentScatter.PNG));

        // the VAE's over the prior's quantiles; a plain autoencoder's, which has no prior, over its codes' range
        ImageGrid manifold = model.config.kind().variational() ? digits.manifold(MANIFOLD_SIDE)
                : digits.manifold(MANIFOLD_SIDE, DigitFigures.codeRange(means));
        written.add(write(manifold, folder.resolve(MANIFOLD)));
        if (history != null && history.rowCount() > 0) {
            LossCurves.write(history, folder, plotlyJs);
            written.add(folder.resolve(LossCurves.HTML));
            written.add(folder.resolve(LossCurves.PNG));
        }
        written.add(write(digits.walk(test, 0, DigitFigures.otherDigit(test, 0), WALK_STEPS), folder.resolve(WALK)));
        Explorer.write(folder.resolve(Explorer.HTML), List.of(Explorer.frame(0, model, k, means)), test, Explorer.Precision.FLOAT32);
        written.add(folder.resolve(Explorer.HTML));
        if (training != null && training.frames().size() > 1) {
            Explorer.write(folder.resolve(Explorer.TRAINING_HTML), training.frames(), test, Explorer.Precision.BFLOAT16);
            written.add(folder.resolve(Explorer.TRAINING_HTML));
        }
        return written;
    }
    //< figures write

    private static Path write(ImageGrid grid, Path file) {
        grid.write(file);
        return file;
    }
}
