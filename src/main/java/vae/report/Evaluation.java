package vae.report;

import static vae.nn.Purpose.ELBO_NOISE;
import static vae.nn.Purpose.IWAE_NOISE;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import vae.data.Mnist;
import vae.model.Vae;
import vae.model.VaeLoss;
import vae.nn.Rng;
import vae.tensor.Kernels;
import vae.train.Batch;
import vae.train.Evaluator;
import vae.train.Metrics;

/**
 * Everything {@code vae evaluate} reports about a model on a data set, as a table of
 * (name, value) rows, saved as {@code evaluation.csv} and printed as {@code name value} lines:
 * <ul>
 *   <li>{@code test_loss}, {@code test_bce}, {@code test_kl}: the loss per image (the negative
 *       ELBO) and its two parts, z sampled as in training;</li>
 *   <li>{@code iwae_log_px}: the importance-weighted estimate of log p(x) with {@code iwae_samples}
 *       samples, and {@code iwae_nll}, its negation, to set beside {@code test_loss} (not for a plain
 *       autoencoder, which defines no p(x): its {@code test_loss} is the BCE from z = μ, its KL 0);</li>
 *   <li>{@code active_units}, and {@code mu_variance_j}, the variance of μ_j over the images;</li>
 *   <li>{@code pixel_entropy}: Σᵢ H(xᵢ), the BCE of the images against themselves, which no
 *       model's reconstruction error can go below ({@link PixelEntropy});</li>
 *   <li>{@code recon_bce} and {@code recon_bce_digit_d} (for Fashion-MNIST {@code recon_bce_trouser}
 *       and so on, {@link vae.data.DataSet#key}): the reconstruction error from z = μ, per class;</li>
 *   <li>with {@code evaluate --classifier}, the scores of samples from the prior and of the test
 *       images ({@link SampleScores}), added by {@link #add(Map)}.</li>
 * </ul>
 * Every random draw comes from streams of one seed: the same model gives the same numbers.
 */
public final class Evaluation {
    public static final String FILE = "evaluation.csv";
    /** Samples per image of the importance-weighted bound; Burda et al. report K = 5000, K = 100 is close. */
    public static final int DEFAULT_SAMPLES = 100;

    private final Table table = Table.create("evaluation", StringColumn.create("name"), DoubleColumn.create("value"));
    private ExactEvaluation exact;   // with --exact: log p(x) on a grid, for a 2-D latent space

    private Evaluation() {
    }

    public static Evaluation run(Vae model, Kernels k, Mnist data, int samples, long seed) {
        return run(model, k, data, samples, seed, false, System.err);
    }

    //> evaluation run
    // with exact, also log p(x) on a grid (ExactEvaluation), telling log how far it has got
    public static Evaluation run(Vae model, Kernels k, Mnist data, int samples, long seed, boolean exact, PrintStream log) {
        Evaluation e = new Evaluation();
        Latents latents = new Latents(model, k);
        VaeLoss loss = new VaeLoss(k, model.config, model.maxBatch);
        Batch batch = new Batch(k, model.config, model.maxBatch);
        Metrics elbo = new Evaluator(model, loss, batch).evaluate(data, Rng.stream(seed, ELBO_NOISE, 0));
        e.add("test_loss", elbo.loss());
        e.add("test_bce", elbo.bce());
        e.add("test_kl", elbo.kl());

        if (model.config.kind().variational()) { // a plain autoencoder defines no p(x) to bound
            double logPx = new ImportanceWeighted(latents, k, samples).logLikelihood(data, Rng.stream(seed, IWAE_NOISE, 0));
            e.add("iwae_samples", samples);
            e.add("iwae_log_px", logPx);
            e.add("iwae_nll", -logPx);
        }

        double[] variances = ActiveUnits.variances(latents.means(data));
        e.add("active_units", ActiveUnits.count(variances, ActiveUnits.THRESHOLD));
        for (int j = 0; j < variances.length; j++) {
            e.add("mu_variance_" + (j + 1), variances[j]);
        }

        DigitErrors errors = DigitErrors.measure(latents, k, data);
        e.add("recon_bce", errors.mean());
        for (int d = 0; d < DigitErrors.DIGITS; d++) {
            e.add("recon_bce_" + data.dataSet().key(d), errors.mean(d));
        }
        e.add("pixel_entropy", PixelEntropy.mean(data));
        if (exact) {
            e.exact = ExactEvaluation.run(latents, k, data, seed, log);
            e.exact.rows().forEach(e::add);
        }
        e.add("images", data.count());
        return e;
    }
    //< evaluation run

    /** Adds rows measured elsewhere (the scores of samples, {@link SampleScores#rows}), in their order. */
    public void add(Map<String, Double> rows) {
        rows.forEach(this::add);
    }

    private void add(String name, double value) {
        table.stringColumn("name").append(name);
        table.doubleColumn("value").append(value);
    }

    /** With --exact, its per-image numbers and figures; null otherwise. */
    public ExactEvaluation exact() {
        return exact;
    }

    public Table table() {
        return table;
    }

    /** Whether there is a row of that name (a plain autoencoder has no iwae_ rows). */
    public boolean has(String name) {
        return table.stringColumn("name").asList().contains(name);
    }

    /** The value of one row; throws when there is no such name. */
    public double value(String name) {
        int row = table.stringColumn("name").asList().indexOf(name);
        if (row < 0) {
            throw new IllegalArgumentException("no measurement named " + name);
        }
        return table.doubleColumn("value").getDouble(row);
    }

    /** One {@code name value} line per row: whole numbers without a fraction, others with 6 decimals. */
    public List<String> lines() {
        List<String> lines = new ArrayList<>();
        for (int r = 0; r < table.rowCount(); r++) {
            lines.add(table.stringColumn("name").get(r) + " " + format(table.doubleColumn("value").getDouble(r)));
        }
        return lines;
    }

    static String format(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        String text = String.format(java.util.Locale.ROOT, "%.6f", v);
        return text.equals("-0.000000") ? "0.000000" : text;  // a rounding error just below 0 (test_frechet)
    }

    /** Writes the table as CSV (to a temporary file first, then renamed). */
    public void write(Path file) {
        ReportFiles.writeCsv(file, table);
    }
}
