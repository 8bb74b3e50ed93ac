package vae.data;

import static vae.nn.Purpose.TEST_BITS;
import static vae.nn.Purpose.TRAIN_BITS;

/**
 * Grey pixels or black-and-white ones. The loss reads a pixel of intensity x in [0, 1] as the
 * probability of a Bernoulli variable, which a grey x is not: it is a mean. Published MNIST
 * likelihoods (the IWAE paper's 86.76 nats, and most since) are of binarised images, each pixel
 * drawn as 1 with probability x and 0 otherwise, whose log-likelihood is a true log-probability of
 * a discrete image. Two ways of drawing them for training:
 * <ul>
 *   <li>{@link #DYNAMIC}: every pass over the training set draws its bits anew (as Burda, Grosse
 *       and Salakhutdinov 2016 train): the model never sees the same black-and-white image twice;</li>
 *   <li>{@link #FIXED}: one draw of each image, kept for the whole run.</li>
 * </ul>
 * Either way the test images are drawn once, from the seed: a fixed binarised test set.
 */
public enum Binarize {
    /** The grey images as they are: the seed's setting. */
    NONE,
    DYNAMIC,
    FIXED;

    //> binarize sets
    /** The training images of one epoch: drawn anew for DYNAMIC, as they are otherwise (FIXED draws them once, at load). */
    public Mnist trainingImages(Mnist train, long seed, int epoch) {
        return this == DYNAMIC ? train.binarized(seed, TRAIN_BITS, epoch) : train;
    }

    /** The training set as loaded: FIXED draws its one set of bits here. */
    public Mnist loadedTraining(Mnist train, long seed) {
        return this == FIXED ? train.binarized(seed, TRAIN_BITS, 0) : train;
    }

    /** The test images (pass 0) or the validation images (pass 1): one fixed draw unless NONE. */
    public Mnist heldOut(Mnist test, long seed, int pass) {
        return this == NONE ? test : test.binarized(seed, TEST_BITS, pass);
    }
    //< binarize sets

    /** The name of the option's value and of the checkpoint's {@code binarize} metadata: none, dynamic, fixed. */
    public String option() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** The value named as {@link #option} names it. */
    public static Binarize of(String option) {
        for (Binarize b : values()) {
            if (b.option().equals(option)) {
                return b;
            }
        }
        throw new IllegalArgumentException("binarize is none, dynamic or fixed, not '" + option + "'");
    }
}
