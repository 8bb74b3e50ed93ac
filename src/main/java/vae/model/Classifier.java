package vae.model;

import java.util.List;
import java.util.stream.Stream;
import vae.nn.Linear;
import vae.nn.Parameter;
import vae.nn.Relu;
import vae.nn.Rng;
import vae.tensor.Kernels;
import vae.tensor.Tensor;

/**
 * A digit classifier, the judge of the samples a VAE draws: a multilayer perceptron made of the
 * VAE's own parts,
 * <pre>
 *   x (784) → fc1 → ReLU → h (400) → fc2 → logits (10) → softmax → p(y | x)
 * </pre>
 * trained with {@link SoftmaxCrossEntropy}. Its hidden layer h, after the ReLU, is the feature
 * vector the Fréchet distance compares ({@link vae.report.SampleScores}).
 */
public final class Classifier {
    public final int input;
    public final int hidden;
    public final int classes;
    public final int maxBatch;
    private final Relu relu;
    final Linear fc1, fc2;

    public Classifier(Kernels k, int input, int hidden, int classes, int maxBatch) {
        if (input < 1 || hidden < 1 || classes < 2) {
            throw new IllegalArgumentException("a classifier needs input ≥ 1, hidden ≥ 1 and classes ≥ 2, got "
                    + input + ", " + hidden + ", " + classes);
        }
        this.input = input;
        this.hidden = hidden;
        this.classes = classes;
        this.maxBatch = maxBatch;
        this.relu = new Relu(k);
        this.fc1 = new Linear(k, "fc1", input, hidden, maxBatch, false);
        this.fc2 = new Linear(k, "fc2", hidden, classes, maxBatch, true);
    }

    public List<Linear> layers() {
        return List.of(fc1, fc2);
    }

    /** Weight then bias of each layer: fc1.weight, fc1.bias, fc2.weight, fc2.bias. */
    public List<Parameter> parameters() {
        return layers().stream().flatMap(l -> Stream.of(l.weight, l.bias)).toList();
    }

    /** How many numbers it learns: 318,010 for 784 → 400 → 10. */
    public long parameterCount() {
        return (long) hidden * (input + 1) + (long) classes * (hidden + 1);
    }

    /** PyTorch's default initialisation, layer by layer, from one stream. */
    public void initialize(Rng rng) {
        for (Linear layer : layers()) {
            layer.initialize(rng);
        }
    }

    //> classifier forward-backward
    // x is (B, IN); returns the logits, (B, C); afterwards features() holds h, (B, HIDDEN)
    public Tensor forward(Tensor x, int B) {
        Tensor h = relu.forward(fc1.forward(x, B), B);
        return fc2.forward(h, B);
    }

    // dLogits is (B, C), the loss's gradient at the logits; fills every parameter's gradient
    public void backward(Tensor dLogits, int B) {
        Tensor dH = fc2.backward(dLogits, B);
        relu.backward(fc1.output(), dH, B);   // passes where h > 0
        fc1.backward(dH, B);                  // the images need no gradient: only dW and db
    }

    // the hidden layer after the ReLU, (B, HIDDEN), of the last forward (the ReLU works in place)
    public Tensor features() {
        return fc1.output();
    }
    //< classifier forward-backward
}
