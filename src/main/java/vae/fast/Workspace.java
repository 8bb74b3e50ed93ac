package vae.fast;

/** The buffers of one worker of the fast kernels, reused call after call. */
final class Workspace {
    /** The number of partial sums of a row's loss: a multiple of every vector's length. */
    static final int SUMS = 16;

    final Scratch products = new Scratch();
    final float[] sums = new float[SUMS];   // a row's partial sums of the loss
    final float[] logits = new float[SUMS], targets = new float[SUMS], gradient = new float[SUMS];   // a row's last block
    float[] largest = new float[0];         // per output unit: the largest |dy| of the batch
    int[] units = new int[0];               // the units some image of the batch reached

    /** Makes room in both per-unit buffers for n units. */
    void units(int n) {
        if (units.length < n) {
            largest = new float[n];
            units = new int[n];
        }
    }
}
