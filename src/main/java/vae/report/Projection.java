package vae.report;

import static vae.nn.Purpose.TSNE_START;
import static vae.nn.Purpose.TSNE_SUBSET;

import java.util.Locale;
import vae.data.Mnist;
import vae.nn.Rng;

/**
 * How the latent-space chart shows a latent space of more than two dimensions: its first two
 * coordinates as they are ({@link #NONE}, all a 2-D space needs), the two axes that hold the most
 * variance ({@link #PCA}), or a t-SNE map of a random subset of the images ({@link #TSNE}),
 * which keeps neighbours together but not distances.
 */
public enum Projection {
    NONE, PCA, TSNE;

    /** Images a t-SNE map takes by default: exact t-SNE costs n² a step. */
    public static final int TSNE_IMAGES = 3000;

    /** The default for a latent space of this many dimensions: as it is up to 2, PCA beyond. */
    public static Projection auto(int latent) {
        return latent <= 2 ? NONE : PCA;
    }

    /** none, pca or tsne. */
    public static Projection of(String option) {
        for (Projection p : values()) {
            if (p.name().toLowerCase(Locale.ROOT).equals(option)) {
                return p;
            }
        }
        throw new IllegalArgumentException("--projection " + option + ": none, pca or tsne");
    }

    /** The chart's points and the images they are, a line for its title saying what they show, and its axes' names. */
    public record View(float[][] points, Mnist images, String what, String[] axes) {
    }

    //> projection view
    // the test images' latent means, seen as this projection shows them; images (for t-SNE) of them at most
    public View view(float[][] means, Mnist test, int images, long seed) {
        int latent = means[0].length;
        switch (this) {
            case PCA -> {
                Pca pca = Pca.fit(means);
                return new View(pca.project(means, 2), test, String.format(Locale.ROOT,
                        "PCA of %d latent dimensions, %.1f%% of the variance", latent, 100 * pca.explained(2)),
                        new String[] {"PC 1", "PC 2"});
            }
            case TSNE -> {
                int n = Math.min(images, test.count());
                int[] order = Latents.identity(test.count());
                Rng.stream(seed, TSNE_SUBSET, 0).shuffle(order, test.count());
                int[] subset = java.util.Arrays.copyOf(order, n);
                java.util.Arrays.sort(subset);
                float[][] chosen = new float[n][];
                for (int i = 0; i < n; i++) {
                    chosen[i] = means[subset[i]];
                }
                return new View(Tsne.map(chosen, Math.min(Tsne.PERPLEXITY, (n - 1) / 3.0), Rng.stream(seed, TSNE_START, 0)),
                        test.subset(subset), String.format(Locale.ROOT, "t-SNE of %d latent dimensions, %,d test images", latent, n),
                        new String[] {"t-SNE 1", "t-SNE 2"});
            }
            default -> {
                return new View(means, test, null, LatentScatter.AXES);
            }
        }
    }
    //< projection view
}
