package vae.optim;

import java.util.ArrayList;
import java.util.List;
import vae.nn.Parameter;
import vae.tensor.AdamStep;
import vae.tensor.Kernels;
import vae.tensor.Tensor;

/**
 * {@code torch.optim.Adam} with its defaults (Kingma and Ba 2015, Algorithm 1): each parameter
 * keeps a running mean m of its gradient and a running mean v of the gradient's square, both
 * corrected for starting at zero, and moves by {@code lr · m̂ / (√v̂ + ε)}. One deliberate
 * difference: a moment that decays below the smallest normal float becomes 0 (PyTorch's
 * {@code torch.set_flush_denormal(True)}), see {@code ScalarKernels.flushSubnormal}.
 */
public final class Adam {
    //> adam state
    public static final double BETA1 = 0.9;
    public static final double BETA2 = 0.999;
    public static final double EPS = 1e-8;

    private final Kernels k;
    private final List<Parameter> params;
    private final List<Tensor> m = new ArrayList<>();
    private final List<Tensor> v = new ArrayList<>();
    private final double lr;
    private long step;

    public Adam(Kernels k, List<Parameter> params, double lr) {
        this.k = k;
        this.params = params;
        this.lr = lr;
        for (Parameter p : params) {
            m.add(k.allocate(p.value.rows, p.value.cols));
            v.add(k.allocate(p.value.rows, p.value.cols));
        }
    }
    //< adam state

    //> adam step
    public void step() {
        step++;
        // the bias corrections, in double as PyTorch computes them in Python floats
        double bias1 = 1 - Math.pow(BETA1, step);
        double stepSize = lr / bias1;
        AdamStep adamStep = new AdamStep(BETA1, BETA2, EPS, stepSize, bias2Sqrt(step));
        for (int i = 0; i < params.size(); i++) {
            Parameter p = params.get(i);
            k.adamStep(p.value, p.grad, m.get(i), v.get(i), adamStep);
        }
    }

    /** sqrt(1 - β2^t): what the second moment is divided by at step t (as a float, in the kernels). */
    public static double bias2Sqrt(long step) {
        return Math.sqrt(1 - Math.pow(BETA2, step));
    }
    //< adam step

    /** Steps taken so far (PyTorch's {@code state['step']}). */
    public long steps() {
        return step;
    }

    /** For resuming: the step count and the moments are restored by the checkpoint reader. */
    public void setSteps(long steps) {
        this.step = steps;
    }

    public List<Tensor> firstMoments() {
        return m;
    }

    public List<Tensor> secondMoments() {
        return v;
    }

    public double learningRate() {
        return lr;
    }
}
