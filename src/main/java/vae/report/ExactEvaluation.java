package vae.report;

import static vae.nn.Purpose.IWAE_CURVE_NOISE;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;
import vae.data.Mnist;
import vae.nn.Rng;
import vae.tensor.Kernels;
import vae.train.Progress;

/**
 * What {@code evaluate --exact} adds for a model with two latent dimensions: log p(x) by
 * quadrature ({@link ExactLikelihood}) beside the two bounds the project already had, the gap
 * between the ELBO and it split per image, the importance-weighted bound for K = 1 to 1000, and
 * how much the number still moves when every spacing of the grid is halved.
 */
public final class ExactEvaluation {
    public static final String PER_IMAGE = "exact.csv";
    public static final String BOUND_FIGURE = "iwae_vs_k.png";
    /** The samples per image of the bound's curve. */
    public static final int[] SAMPLES = {1, 10, 100, 1000};
    /** Images on which the grid is run again with every spacing halved. */
    public static final int CHECK_IMAGES = 500;

    private final ExactLikelihood exact;
    private final Latents latents;
    private final ExactLikelihood.Result result;
    private final ExactLikelihood.Result checkHalved;   // the first CHECK_IMAGES again, every spacing halved
    private final double[] boundNll = new double[SAMPLES.length];

    //> exact evaluation
    private ExactEvaluation(Latents latents, Kernels k, Mnist data, long seed, PrintStream log) {
        this.latents = latents;
        this.exact = new ExactLikelihood(latents, k);
        double range = exact.range(means(latents, data));
        ExactLikelihood.Resolution resolution = ExactLikelihood.Resolution.standard(range);
        try (Progress progress = new Progress("log p(x) on a grid", data.count(), log)) {
            result = exact.measure(data, resolution, images -> progress.step(images, Double.NaN));
        }
        Mnist check = data.subset(Latents.identity(Math.min(CHECK_IMAGES, data.count())));
        try (Progress progress = new Progress("the same, every spacing halved", check.count(), log)) {
            checkHalved = exact.measure(check, resolution.halved(), images -> progress.step(images, Double.NaN));
        }
        for (int s = 0; s < SAMPLES.length; s++) {
            log.printf("importance-weighted bound, K = %d ...%n", SAMPLES[s]);
            boundNll[s] = -new ImportanceWeighted(latents, k, SAMPLES[s])
                    .logLikelihood(data, Rng.stream(seed, IWAE_CURVE_NOISE, SAMPLES[s]));
        }
    }
    //< exact evaluation

    /** The measurements; how far it has got goes to log. */
    public static ExactEvaluation run(Latents latents, Kernels k, Mnist data, long seed, PrintStream log) {
        return new ExactEvaluation(latents, k, data, seed, log);
    }

    private static float[] means(Latents latents, Mnist data) {
        float[][] m = latents.means(data);
        float[] flat = new float[2 * m.length];
        for (int i = 0; i < m.length; i++) {
            flat[2 * i] = m[i][0];
            flat[2 * i + 1] = m[i][1];
        }
        return flat;
    }

    public ExactLikelihood.Result result() {
        return result;
    }

    /** −log p(x), averaged over the images. */
    public double nll() {
        return -ExactLikelihood.Result.mean(result.logPx());
    }

    /** The negative ELBO by quadrature: the test loss without the noise of a sampled z. */
    public double elboLoss() {
        return -ExactLikelihood.Result.mean(result.elbo());
    }

    /** The bound's −log p(x) with SAMPLES[s] samples per image. */
    public double boundNll(int s) {
        return boundNll[s];
    }

    /** The rows {@code evaluate --exact} adds, in order: name and value. */
    public Map<String, Double> rows() {
        Map<String, Double> rows = new LinkedHashMap<>();
        rows.put("exact_nll", nll());
        rows.put("exact_elbo_loss", elboLoss());
        rows.put("elbo_gap", elboLoss() - nll());                         // the mean of KL(q(z|x) ‖ p(z|x))
        for (int s = 0; s < SAMPLES.length; s++) {
            rows.put("iwae_nll_k" + SAMPLES[s], boundNll[s]);
        }
        rows.put("exact_range", result.range());
        // each image's log p(x) depends on that image alone: the check's images at the standard
        // resolution are the first of result
        double[] standard = java.util.Arrays.copyOf(result.logPx(), checkHalved.logPx().length);
        rows.put("exact_check_images", (double) standard.length);
        rows.put("exact_check_change", ExactLikelihood.Result.mean(checkHalved.logPx()) - ExactLikelihood.Result.mean(standard));
        return rows;
    }

    /** Per image: its label, log p(x), ELBO and their gap, KL(q(z|x) ‖ p(z|x)). */
    public void writePerImage(Mnist data, Path file) {
        StringBuilder csv = new StringBuilder("image,label,log_px,elbo,gap\n");
        for (int i = 0; i < data.count(); i++) {
            csv.append(String.format(Locale.ROOT, "%d,%d,%.6f,%.6f,%.6f%n", i, data.label(i), result.logPx()[i],
                    result.elbo()[i], result.logPx()[i] - result.elbo()[i]));
        }
        ReportFiles.writeText(file, csv);
    }

    //> exact bound figure
    // the importance-weighted bound against K, with the exact value and the ELBO as lines
    public BufferedImage boundFigure() {
        XYChart chart = new XYChartBuilder().width(700).height(500)
                .title("The importance-weighted bound closes on log p(x) as K grows")
                .xAxisTitle("K, samples per image").yAxisTitle("-log p(x), nats per test image").build();
        chart.getStyler().setXAxisLogarithmic(true);
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
        double[] k = new double[SAMPLES.length];
        for (int s = 0; s < SAMPLES.length; s++) {
            k[s] = SAMPLES[s];
        }
        XYSeries bound = chart.addSeries("importance-weighted bound, K samples", k, boundNll);
        bound.setMarker(SeriesMarkers.CIRCLE);
        line(chart, "exact -log p(x) (quadrature)", k, nll(), new Color(0x2ca02c));
        line(chart, "negative ELBO (quadrature)", k, elboLoss(), new Color(0xd62728));
        return BitmapEncoder.getBufferedImage(chart);
    }
    //< exact bound figure

    /** The true posterior beside q(z|x) for three images of data ({@link PosteriorFigure}). */
    public BufferedImage posteriorFigure(Mnist data) {
        return PosteriorFigure.draw(exact, latents, data, PosteriorFigure.pick(data, result), result);
    }

    /** Writes {@value #PER_IMAGE}, {@value #BOUND_FIGURE} and {@value PosteriorFigure#PNG} into folder. */
    public List<Path> write(Mnist data, Path folder) {
        writePerImage(data, folder.resolve(PER_IMAGE));
        Png.write(boundFigure(), folder.resolve(BOUND_FIGURE));
        Png.write(posteriorFigure(data), folder.resolve(PosteriorFigure.PNG));
        return List.of(folder.resolve(PER_IMAGE), folder.resolve(BOUND_FIGURE), folder.resolve(PosteriorFigure.PNG));
    }

    private static void line(XYChart chart, String name, double[] x, double y, Color color) {
        double[] ys = new double[x.length];
        java.util.Arrays.fill(ys, y);
        XYSeries series = chart.addSeries(name, x, ys);
        series.setMarker(SeriesMarkers.NONE);
        series.setLineColor(color);
    }
}
