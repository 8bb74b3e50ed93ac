package vae.train;

/**
 * Where a training run stands: {@code batches} batches of epoch {@code epoch} are done (0 at an
 * epoch's start), with the loss sums so far and the state of that epoch's noise generator. This
 * and the weights and Adam's moments are all it takes to go on exactly as if never stopped:
 * the shuffle of an epoch depends only on (seed, epoch).
 */
public record Position(int epoch, int batches, double bceSum, double klSum, long noiseState) {

    /** Epoch {@code epoch} done: the next one starts from its first batch. */
    public static Position after(int epoch) {
        return new Position(epoch + 1, 0, 0, 0, 0);
    }

    public boolean atEpochStart() {
        return batches == 0;
    }

    /** Epochs completed. */
    public int epochsDone() {
        return epoch - 1;
    }
}
