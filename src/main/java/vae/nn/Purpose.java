package vae.nn;

/**
 * What a stream of random numbers is for. Every random draw of the project comes from
 * {@code Rng.stream(seed, purpose, index)}: one seed, and a stream per purpose and per index (the
 * epoch, a pass, an image). The ids are part of every result the project has published: changing
 * one changes the numbers drawn for its purpose, so they are fixed here, each used once.
 */
public enum Purpose {
    //> rng purposes
    /** The order of the training images in each epoch (index: the epoch). */
    SHUFFLE(1),
    /** ε of the reparameterisation while training (index: the epoch). */
    NOISE(2),
    /** ε of the test loss after each epoch (index: the epoch). */
    TEST_NOISE(3),
    /** The validation split (index 0) and ε of the validation loss after each epoch (index: the epoch, from 1). */
    VALIDATION(4),
    /** The initial weights of the digit classifier ({@code vae classifier}). */
    CLASSIFIER_WEIGHTS(5),
    /** The order of the training images in each epoch of the digit classifier (index: the epoch). */
    CLASSIFIER_SHUFFLE(6),
    /** ε of {@code evaluate}'s test loss. */
    ELBO_NOISE(101),
    /** ε of {@code evaluate}'s importance-weighted bound. */
    IWAE_NOISE(102),
    /** The samples from the prior in the figures. */
    SAMPLE_NOISE(103),
    /** ε of the bound for K = 1 to 1000 of {@code evaluate --exact} (index: K). */
    IWAE_CURVE_NOISE(104),
    /** Which test images a t-SNE map takes. */
    TSNE_SUBSET(105),
    /** Where a t-SNE map starts. */
    TSNE_START(106),
    /** The points z ~ N(0, I) that {@code evaluate --classifier} decodes and scores. */
    SCORED_SAMPLES(107),
    /** The bits of binarised training images (index: the pass, and the image). */
    TRAIN_BITS(110),
    /** The bits of binarised test and validation images (index: 0 for the test set, 1 for the validation set, and the image). */
    TEST_BITS(111);
    //< rng purposes

    /** The number that names the stream. */
    public final long id;

    Purpose(long id) {
        this.id = id;
    }
}
