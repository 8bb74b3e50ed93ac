package vae.train;

import vae.data.Mnist;
import vae.model.Vae;
import vae.model.VaeLoss;
import vae.nn.Rng;

/**
 * The loss of a model on a whole data set, without training: forward passes only, batch by
 * batch, z sampled as in training (the seed's test loss does the same).
 */
public final class Evaluator {
    private final Vae model;
    private final VaeLoss loss;
    private final Batch batch;

    public Evaluator(Vae model, VaeLoss loss, Batch batch) {
        this.model = model;
        this.loss = loss;
        this.batch = batch;
    }

    //> evaluate loss
    public Metrics evaluate(Mnist data, Rng rng) {
        int n = data.count();
        int[] order = identity(n);
        double bce = 0, kl = 0;
        for (int from = 0; from < n; from += model.maxBatch) {
            int B = Math.min(model.maxBatch, n - from);
            batch.load(data, order, from, B, rng);
            loss.compute(model.forward(batch.x, batch.eps, B), batch.x, model.mu(), model.logvar(), B);
            bce += loss.bce();
            kl += loss.kl();
        }
        return Metrics.ofSums(bce, kl, n);
    }
    //< evaluate loss

    static int[] identity(int n) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        return order;
    }
}
