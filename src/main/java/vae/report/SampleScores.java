package vae.report;

import static vae.nn.Purpose.SCORED_SAMPLES;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import vae.data.Mnist;
import vae.model.Classifier;
import vae.model.SoftmaxCrossEntropy;
import vae.model.Vae;
import vae.nn.Rng;
import vae.tensor.Kernels;
import vae.tensor.Tensor;

/**
 * How a digit classifier judges the images a VAE draws from its prior, beside how it judges the
 * real test images. For each set of images, four numbers:
 * <ul>
 *   <li>{@code confidence}: the mean over the images of the classifier's top probability,
 *       max_y p(y|x): near 1 when every image looks like one digit;</li>
 *   <li>{@code class_entropy}: the entropy of the histogram of the classifier's top class, in
 *       nats: ln 10 ≈ 2.303 when every digit is drawn equally often, 0 when one digit is all;</li>
 *   <li>{@code inception}: exp(E_x KL(p(y|x) ‖ p(y))), p(y) the mean of p(y|x) over the set: high
 *       (at most the number of classes) when each image is sure of its class and the classes are
 *       spread evenly, Salimans et al.'s Inception score with this classifier as the judge;</li>
 *   <li>{@code frechet}: the Fréchet distance ({@link Frechet}) between the classifier's hidden
 *       features of these images and of the test images: FID with this classifier as the network.</li>
 * </ul>
 * The samples are decoded from z ~ N(0, I) drawn from one stream of the seed, so the same model
 * and classifier give the same numbers. Only {@code decode} and the latent size of the model are
 * used: any decoder of z scores the same way.
 */
public final class SampleScores {
    /** How many samples are drawn and scored: as many as there are test images. */
    public static final int SAMPLES = 10_000;

    /** What the classifier says about one set of images. */
    public record Scores(double confidence, double classEntropy, double inception, double frechet) {
    }

    private final Scores samples;
    private final Scores test;

    private SampleScores(Scores samples, Scores test) {
        this.samples = samples;
        this.test = test;
    }

    public static SampleScores measure(Vae model, Classifier classifier, Kernels k, Mnist test, long seed) {
        return measure(model, classifier, k, test, seed, SAMPLES);
    }

    //> scores measure
    // decodes `count` points z ~ N(0, I) and judges them, then the test images, with the classifier;
    // the Fréchet distances are to the test images' features (for the test images: to themselves)
    public static SampleScores measure(Vae model, Classifier classifier, Kernels k, Mnist test, long seed, int count) {
        checkSizes(model, classifier, test);
        int maxB = Math.min(model.maxBatch, classifier.maxBatch);
        Verdicts real = new Verdicts(classifier, k, test.count());
        Tensor x = k.allocate(maxB, test.imageSize());
        int[] order = Latents.identity(test.count());
        for (int from = 0; from < test.count(); from += maxB) {
            int B = Math.min(maxB, test.count() - from);
            k.uploadImages(test.imageBytes(), test.imageSize(), order, from, B, x);
            real.add(x, B);
        }

        Verdicts drawn = new Verdicts(classifier, k, count);
        int Z = model.config.latent();
        Tensor z = k.allocate(maxB, Z);
        float[] codes = new float[maxB * Z];
        Rng rng = Rng.stream(seed, SCORED_SAMPLES, 0);  // one stream for all: the same z for any batch size
        for (int from = 0; from < count; from += maxB) {
            int B = Math.min(maxB, count - from);
            rng.fillGaussian(codes, B * Z);
            k.upload(codes, B * Z, z);
            k.sigmoidForward(model.decode(z, B), x, B);  // pixel intensities, 0..1, as the test images'
            drawn.add(x, B);
        }

        Frechet.Moments reference = Frechet.Moments.of(real.features);
        return new SampleScores(drawn.scores(Frechet.distance(Frechet.Moments.of(drawn.features), reference)),
                real.scores(Frechet.distance(reference, reference)));
    }
    //< scores measure

    private static void checkSizes(Vae model, Classifier classifier, Mnist test) {
        if (classifier.input != model.config.input() || classifier.input != test.imageSize()) {
            throw new ReportException("the classifier reads " + classifier.input + " pixels, the model draws "
                    + model.config.input() + " and the test images have " + test.imageSize());
        }
        if (test.count() < 2) {
            throw new ReportException("scoring samples needs at least 2 test images for a covariance, got " + test.count());
        }
    }

    /** The classifier's verdicts on a set of images, gathered batch by batch. */
    private static final class Verdicts {
        private final Classifier classifier;
        private final Kernels k;
        private final int classes;
        private final float[] logits;            // (maxB * C)
        private final float[] hidden;            // (maxB * HIDDEN)
        private final double[] p;                // (C): one image's p(y|x)
        final float[][] features;                // (n, HIDDEN): every image's h
        private final double[] meanP;            // (C): p(y), the mean of p(y|x)
        private final long[] histogram;          // (C): how many images have y as their top class
        private double confidence;               // Σ max_y p(y|x)
        private double entropy;                  // Σ H(p(y|x))
        private int n;

        Verdicts(Classifier classifier, Kernels k, int count) {
            this.classifier = classifier;
            this.k = k;
            this.classes = classifier.classes;
            this.logits = new float[classifier.maxBatch * classes];
            this.hidden = new float[classifier.maxBatch * classifier.hidden];
            this.p = new double[classes];
            this.features = new float[count][];
            this.meanP = new double[classes];
            this.histogram = new long[classes];
        }

        //> scores verdicts
        // x is (B, IN), the next B images of the set
        void add(Tensor x, int B) {
            k.download(classifier.forward(x, B), B * classes, logits);
            k.download(classifier.features(), B * classifier.hidden, hidden);
            for (int r = 0; r < B; r++) {
                SoftmaxCrossEntropy.softmax(logits, r * classes, classes, p);
                int top = SoftmaxCrossEntropy.argmax(logits, r * classes, classes);
                histogram[top]++;
                confidence += p[top];
                for (int c = 0; c < classes; c++) {
                    meanP[c] += p[c];
                    entropy -= p[c] > 0 ? p[c] * Math.log(p[c]) : 0;
                }
                features[n++] = Arrays.copyOfRange(hidden, r * classifier.hidden, (r + 1) * classifier.hidden);
            }
        }

        // E_x KL(p(y|x) ‖ p(y)) = H(p(y)) − E_x H(p(y|x)): the inception score is its exp
        Scores scores(double frechet) {
            double classEntropy = 0, marginalEntropy = 0;
            for (int c = 0; c < classes; c++) {
                double share = histogram[c] / (double) n, py = meanP[c] / n;
                classEntropy -= share > 0 ? share * Math.log(share) : 0;
                marginalEntropy -= py > 0 ? py * Math.log(py) : 0;
            }
            return new Scores(confidence / n, classEntropy, Math.exp(marginalEntropy - entropy / n), frechet);
        }
        //< scores verdicts
    }

    public Scores samples() {
        return samples;
    }

    public Scores test() {
        return test;
    }

    /** The rows for evaluation.csv: sample_confidence, ..., and the same four with test_ for the test images. */
    public Map<String, Double> rows() {
        Map<String, Double> rows = new LinkedHashMap<>();
        for (String set : new String[] {"sample", "test"}) {
            Scores s = set.equals("sample") ? samples : test;
            rows.put(set + "_confidence", s.confidence());
            rows.put(set + "_class_entropy", s.classEntropy());
            rows.put(set + "_inception", s.inception());
            rows.put(set + "_frechet", s.frechet());
        }
        return rows;
    }
}
