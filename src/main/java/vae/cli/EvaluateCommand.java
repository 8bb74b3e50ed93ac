package vae.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import vae.checkpoint.Checkpoint;
import vae.checkpoint.ClassifierFile;
import vae.data.Binarize;
import vae.data.Mnist;
import vae.model.Vae;
import vae.report.Evaluation;
import vae.report.ReportException;
import vae.report.SampleScores;
import vae.tensor.Kernels;
import vae.train.Checkpoints;
import vae.train.Trainer;

/** {@code vae evaluate}: the report's measurements of a saved model on the test set. */
@Command(name = "evaluate", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Measure a saved model on the test images and print one 'name value' line per measurement.",
            "test_loss, test_bce and test_kl are the negative ELBO and its parts; iwae_log_px is the importance-weighted"
                + " estimate of log p(x) with K samples per image; active_units counts the latent dimensions whose mean"
                + " varies over the images; recon_bce_digit_0..9 (for Fashion-MNIST recon_bce_tshirt_top..ankle_boot) is the reconstruction error per class, decoded from"
                + " z = mu. The same table is saved as OUT/evaluation.csv. For a plain autoencoder (train --model ae) the"
                + " loss is the BCE alone, from z = mu, and there is no iwae_ row."})
final class EvaluateCommand implements Callable<Integer> {

    @Mixin
    ComputeOptions compute = new ComputeOptions();
    static final int BATCH = 256;

    @Option(names = "--checkpoint", paramLabel = "FILE", required = true, description = "The model: a .safetensors checkpoint.")
    Path checkpoint;

    @Option(names = "--samples", paramLabel = "K", description = "Samples per image of the importance-weighted estimate (default: ${DEFAULT-VALUE}).")
    int samples = Evaluation.DEFAULT_SAMPLES;

    @Option(names = "--data", paramLabel = "DIR", description = "Folder with the IDX files of MNIST or Fashion-MNIST (default: ${DEFAULT-VALUE}).")
    Path data = Mnist.DIR;

    @Option(names = "--out", paramLabel = "DIR", description = "Where evaluation.csv goes (default: the current folder).")
    Path out = Path.of(".");

    @Option(names = "--seed", description = "Seed of the sampling noise; the same seed gives the same numbers (default: ${DEFAULT-VALUE}).")
    long seed = 42;

    @Option(names = "--binarized", negatable = true,
            description = {"Evaluate on black-and-white test images, each pixel drawn once as 1 with probability its intensity"
                + " (from --seed, as a training run with --binarize draws its test images from its seed). Default: as the"
                + " checkpoint's model was trained."})
    Boolean binarized;

    @Option(names = "--exact", description = {"For a model with 2 latent dimensions: log p(x) itself, by quadrature over the latent"
            + " plane (exact_nll), the ELBO by quadrature and its gap, the importance-weighted bound for K = 1, 10, 100, 1000,"
            + " and OUT/exact.csv, OUT/iwae_vs_k.png, OUT/posterior.png. Takes minutes."})
    boolean exact;

    @Option(names = "--classifier", paramLabel = "FILE", description = {"A digit classifier (vae classifier writes one): score "
            + SampleScores.SAMPLES + " images decoded from z ~ N(0, I) and the test images with it. sample_confidence is the"
            + " mean top-class probability, sample_class_entropy the entropy of the top classes' histogram (ln 10 = 2.303 when"
            + " all are equally common), sample_inception exp(E KL(p(y|x) || p(y))), sample_frechet the Frechet distance of the"
            + " classifier's hidden features to the test images'; test_* are the same for the test images."})
    Path classifier;

    //> evaluate call
    @Override
    public Integer call() {
        check();
        Checkpoint saved = Checkpoint.load(checkpoint);
        if (exact && !saved.config().kind().variational()) {
            throw new IllegalArgumentException("--exact integrates p(x) = ∫ p(x|z) p(z) dz, and " + checkpoint
                    + " holds a plain autoencoder, which has no p(z) and so defines no p(x)");
        }
        if (exact && saved.config().latent() != 2) {
            throw new IllegalArgumentException("--exact integrates over a 2-D latent space, and " + checkpoint + " has "
                    + saved.config().latent() + " latent dimensions (iwae_nll bounds log p(x) for any)");
        }
        ClassifierFile judge = classifier == null ? null : ClassifierFile.load(classifier);
        if (judge != null && judge.input() != saved.config().input()) {
            throw new ReportException(classifier + ": the classifier reads " + judge.input() + " pixels, and "
                    + checkpoint + " draws images of " + saved.config().input());
        }
        Trainer.prepareOutput(out);
        Mnist test = Mnist.load(data, false, Mnist.SIDE);
        Mnist grey = test;   // the samples are scored against the images as they are, not binarised
        boolean bits = binarized != null ? binarized : Checkpoints.binarize(saved) != Binarize.NONE;
        if (bits) {
            test = Binarize.FIXED.heldOut(test, seed, 0);
            System.err.println("Test images binarised: each pixel drawn once as 1 with probability its intensity (seed " + seed + ")");
        }
        String other = Checkpoints.otherDataSet(saved, test.dataSet());
        if (other != null) {
            System.err.println(other);
        }
        String judged = judge == null ? null : judge.metadata().get("data_set");
        if (judged != null && !judged.equals(test.dataSet().name())) {
            System.err.println("note: " + classifier + " was trained on " + judged + ", and these images are " + test.dataSet().name());
        }
        try (Kernels k = compute.open(System.out)) {
            Vae model = new Vae(k, saved.config(), BATCH);
            saved.restoreModel(model, k);
            Evaluation evaluation = Evaluation.run(model, k, test, samples, seed, exact, System.err);
            if (judge != null) {
                evaluation.add(SampleScores.measure(model, judge.restore(k, BATCH), k, grey, seed).rows());
            }
            evaluation.lines().forEach(System.out::println);
            Path file = out.resolve(Evaluation.FILE);
            evaluation.write(file);
            System.err.println("Saved " + file);
            if (exact) {
                for (Path written : evaluation.exact().write(test, out)) {
                    System.err.println("Saved " + written);
                }
            }
        }
        return 0;
    }
    //< evaluate call

    void check() {
        OptionCheck.atLeast("--samples", samples, 1);
        OptionCheck.atMost("--samples", samples, 100_000);
        compute.check();
    }
}
