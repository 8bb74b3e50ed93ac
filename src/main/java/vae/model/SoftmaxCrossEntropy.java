package vae.model;

import vae.tensor.Kernels;
import vae.tensor.Tensor;

/**
 * PyTorch's {@code F.cross_entropy(logits, y)}: the softmax of each row of logits,
 * {@code p_c = exp(a_c) / Σ_j exp(a_j)}, and the mean over the batch of {@code −log p_y}, the
 * probability the model gives to the true class. Its gradient with respect to the logits is
 * {@code (p − onehot(y)) / B}.
 *
 * <p>A batch's logits are only B × 10 numbers, so they are computed here on the host, in double,
 * whatever the kernels: downloaded, turned into the loss and its gradient, and the gradient
 * uploaded for the backward pass.
 */
public final class SoftmaxCrossEntropy {
    private final Kernels k;
    private final int classes;
    private final Tensor dLogits; // (maxB, C)
    private final float[] logits; // (maxB * C), the last batch's, on the host
    private final float[] grad;   // (maxB * C)
    private double loss;
    private int correct;

    public SoftmaxCrossEntropy(Kernels k, int classes, int maxBatch) {
        this.k = k;
        this.classes = classes;
        this.dLogits = k.allocate(maxBatch, classes);
        this.logits = new float[maxBatch * classes];
        this.grad = new float[maxBatch * classes];
    }

    //> softmax-ce compute
    // logits is (B, C) and labels[r] the class of row r: sets the loss, mean over the rows of
    // log Σ_c exp(a_c) − a_y, and dLogits = (softmax(a) − onehot(y)) / B; counts the rows it gets right
    public void compute(Tensor logitsOnDevice, int[] labels, int B) {
        k.download(logitsOnDevice, B * classes, logits);
        double sum = 0;
        correct = 0;
        for (int r = 0; r < B; r++) {
            int row = r * classes, y = labels[r];
            double logZ = logSumExp(logits, row, classes);
            sum += logZ - logits[row + y];                        // −log p_y
            for (int c = 0; c < classes; c++) {
                double p = Math.exp(logits[row + c] - logZ);
                grad[row + c] = (float) ((p - (c == y ? 1 : 0)) / B);
            }
            correct += argmax(logits, row, classes) == y ? 1 : 0;
        }
        loss = sum / B;
        k.upload(grad, B * classes, dLogits);
    }

    // log Σ_c exp(a_c) over a[from .. from+n): the largest a taken out first, so that no exp overflows
    public static double logSumExp(float[] a, int from, int n) {
        double max = a[from];
        for (int c = 1; c < n; c++) {
            max = Math.max(max, a[from + c]);
        }
        double sum = 0;
        for (int c = 0; c < n; c++) {
            sum += Math.exp(a[from + c] - max);
        }
        return max + Math.log(sum);
    }
    //< softmax-ce compute

    /** The softmax of the logits a[from .. from+n) into p[0 .. n). */
    public static void softmax(float[] a, int from, int n, double[] p) {
        double logZ = logSumExp(a, from, n);
        for (int c = 0; c < n; c++) {
            p[c] = Math.exp(a[from + c] - logZ);
        }
    }

    /** The index of the largest of a[from .. from+n) (the first, on a tie), counted from 0. */
    public static int argmax(float[] a, int from, int n) {
        int best = 0;
        for (int c = 1; c < n; c++) {
            if (a[from + c] > a[from + best]) {
                best = c;
            }
        }
        return best;
    }

    /** The loss of the last batch: the mean of −log p_y over its rows. */
    public double loss() {
        return loss;
    }

    /** How many rows of the last batch had their largest logit at the true class. */
    public int correct() {
        return correct;
    }

    /** The gradient of the loss at the logits, (B, C). */
    public Tensor dLogits() {
        return dLogits;
    }
}
