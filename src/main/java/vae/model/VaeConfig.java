package vae.model;

/**
 * The sizes of the VAE, and which model it is. The seed's names differ: its {@code input_dim=784},
 * {@code hidden_dim=400}, {@code latent_dim=10} (the encoder's output, which both heads read) and a
 * fixed 2 for z.
 *
 * @param input   pixels per image (784)
 * @param hidden  width of the big hidden layers (400)
 * @param feature width of the encoder's output and of the decoder's first layer (10)
 * @param latent  dimensions of z (2)
 * @param kind    the seed's VAE, or a plain autoencoder of the same shape
 */
public record VaeConfig(int input, int hidden, int feature, int latent, ModelKind kind) {

    /** The seed's model: 784 → 400 → 10 → 2, and back 2 → 10 → 400 → 784. */
    public static final VaeConfig SEED = new VaeConfig(784, 400, 10, 2);

    public VaeConfig {
        check("input", input);
        check("hidden", hidden);
        check("feature", feature);
        check("latent", latent);
        if (kind == null) {
            throw new IllegalArgumentException("a model is a VAE or a plain autoencoder, not null");
        }
    }

    /** A VAE of these sizes. */
    public VaeConfig(int input, int hidden, int feature, int latent) {
        this(input, hidden, feature, latent, ModelKind.VAE);
    }

    /** The same sizes, another kind of model. */
    public VaeConfig withKind(ModelKind kind) {
        return new VaeConfig(input, hidden, feature, latent, kind);
    }

    private static void check(String name, int size) {
        if (size <= 0 || size > 1 << 16) {
            throw new IllegalArgumentException(name + " size must be between 1 and 65536, got " + size);
        }
    }

    /** Number of learnable floats. */
    public long parameterCount() {
        int heads = kind.variational() ? 2 : 1; // μ and log σ², or μ alone
        return layer(input, hidden) + layer(hidden, feature) + heads * layer(feature, latent)
                + layer(latent, feature) + layer(feature, hidden) + layer(hidden, input);
    }

    private static long layer(int in, int out) {
        return (long) in * out + out;
    }
}
