package vae.opencl;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.jocl.cl_mem;
import vae.data.Mnist;
import vae.tensor.AdamStep;
import vae.tensor.Kernels;
import vae.tensor.Tensor;

/**
 * The kernels on an OpenCL device: every tensor is a {@link DeviceTensor}, and every operation is
 * a kernel of {@code src/main/resources/opencl/} queued on the device. Weights, gradients, Adam's
 * moments and activations stay there; {@link #upload} and {@link #download} are the only copies
 * between host and device (per training step: the batch and its noise go over, the per-row losses
 * come back).
 *
 * <p>The three matrix products run tiled in local memory ({@link Products#TILED}) or as one plain
 * loop per output ({@link Products#NAIVE}, the reference the tiled ones are tested against);
 * {@code -Dvae.opencl.products=naive} chooses the naive ones.
 */
public final class OpenClKernels implements Kernels {

    /** How the matrix products are computed. */
    public enum Products { TILED, NAIVE }

    public static final String PRODUCTS_PROPERTY = "vae.opencl.products";

    private final OpenClDevice device;
    private final Products products;
    private final List<DeviceTensor> tensors = new ArrayList<>();
    private boolean closed;
    private float[] pixels = new float[0];     // uploadImages' floats on their way to the device

    /** On the device {@link OpenClDevice#find} picks, products as {@code -Dvae.opencl.products} says (default tiled). */
    public OpenClKernels() {
        this(productsFromProperty());
    }

    /** @throws OpenClUnavailableException with one line, when there is no OpenCL runtime or device */
    public OpenClKernels(Products products) {
        this.device = OpenClDevice.open();
        this.products = products;
    }

    private static Products productsFromProperty() {
        String value = System.getProperty(PRODUCTS_PROPERTY, "tiled");
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "tiled" -> Products.TILED;
            case "naive" -> Products.NAIVE;
            default -> throw new IllegalArgumentException("-D" + PRODUCTS_PROPERTY + " must be tiled or naive, got '" + value + "'");
        };
    }

    //> opencl probe
    /** Empty when an OpenCL device exists; otherwise the one line that says why not. */
    public static Optional<String> available() {
        try {
            OpenClDevice.find();
            return Optional.empty();
        } catch (OpenClUnavailableException e) {
            return Optional.of(e.getMessage());
        }
    }

    /** Empty when an OpenCL GPU exists (what {@code --device auto} wants); otherwise why not. */
    public static Optional<String> gpuAvailable() {
        try {
            OpenClDevice.Found found = OpenClDevice.find();
            return found.gpu() ? Optional.empty()
                    : Optional.of("OpenCL finds no GPU, only " + found.description());
        } catch (OpenClUnavailableException e) {
            return Optional.of(e.getMessage());
        }
    }
    //< opencl probe

    @Override
    public String name() {
        return "opencl";
    }

    /** The device, e.g. {@code NVIDIA H100 (GPU, NVIDIA CUDA, OpenCL 3.0 CUDA)}. */
    public String device() {
        return device.description;
    }

    public Products products() {
        return products;
    }

    // ---- memory ---------------------------------------------------------------------------------

    @Override
    public Tensor allocate(int rows, int cols) {
        checkOpen();
        DeviceTensor t = new DeviceTensor(device, rows, cols);
        tensors.add(t);
        return t;
    }

    //> opencl upload-download
    @Override
    public void upload(float[] src, int n, Tensor dst) {
        checkLength(n, src.length, dst);
        if (n > 0) {
            device.write(src, n, mem(dst));
        }
    }

    @Override
    public void download(Tensor src, int n, float[] dst) {
        checkLength(n, dst.length, src);
        if (n > 0) {
            device.read(mem(src), n, dst);
        }
    }
    //< opencl upload-download

    // converted on the host by the data reader's loop, as ScalarKernels converts them, then uploaded
    @Override
    public void uploadImages(byte[] images, int P, int[] order, int from, int count, Tensor dst) {
        if (pixels.length < count * P) {
            pixels = new float[count * P];
        }
        Mnist.toFloats(images, P, order, from, count, pixels);
        upload(pixels, count * P, dst);
    }

    // ---- linear layer ---------------------------------------------------------------------------

    //> opencl linear-calls
    // x is (B, IN), w is (OUT, IN), b is (1, OUT), y is (B, OUT)
    @Override
    public void linearForward(Tensor x, Tensor w, Tensor b, Tensor y, int B) {
        int IN = w.cols, OUT = w.rows;
        checkCols(IN, x);
        checkCols(OUT, y, b);
        checkRows(B, x, y);
        device.launch(product("linear_forward"), grid(OUT, B), group(),
                mem(x), mem(w), mem(b), mem(y), B, IN, OUT);
    }

    // dy is (B, OUT), w is (OUT, IN), dx is (B, IN)
    @Override
    public void linearBackwardInput(Tensor dy, Tensor w, Tensor dx, int B, boolean accumulate) {
        int IN = w.cols, OUT = w.rows;
        checkCols(OUT, dy);
        checkCols(IN, dx);
        checkRows(B, dy, dx);
        device.launch(product("linear_backward_input"), grid(IN, B), group(),
                mem(dy), mem(w), mem(dx), B, IN, OUT, accumulate ? 1 : 0);
    }

    // dy is (B, OUT), x is (B, IN), dw is (OUT, IN), db is (1, OUT)
    @Override
    public void linearBackwardParams(Tensor dy, Tensor x, Tensor dw, Tensor db, int B) {
        int IN = dw.cols, OUT = dw.rows;
        checkCols(OUT, dy, db);
        checkCols(IN, x);
        checkRows(B, dy, x);
        device.launch(product("linear_backward_weight"), grid(IN, OUT), group(),
                mem(dy), mem(x), mem(dw), B, IN, OUT);
        device.launch("linear_backward_bias", new long[] {roundUp(OUT, device.group)}, new long[] {device.group},
                mem(dy), mem(db), B, OUT);
    }
    //< opencl linear-calls

    /** The tiled or the naive kernel of a product. */
    private String product(String name) {
        return name + (products == Products.TILED ? "_tiled" : "_naive");
    }

    /** A grid of one work-item per output (cols, rows), rounded up to whole tiles. */
    private long[] grid(int cols, int rows) {
        return new long[] {roundUp(cols, device.tile), roundUp(rows, device.tile)};
    }

    private long[] group() {
        return new long[] {device.tile, device.tile};
    }

    private static long roundUp(int n, int multiple) {
        return (long) (n + multiple - 1) / multiple * multiple;
    }

    // ---- activations, one work-item per element -------------------------------------------------

    @Override
    public void reluForward(Tensor y, int B) {
        checkRows(B, y);
        each("relu_forward", B * y.cols, mem(y));
    }

    @Override
    public void reluBackward(Tensor y, Tensor dy, int B) {
        checkSame(y, dy);
        checkRows(B, y, dy);
        each("relu_backward", B * y.cols, mem(y), mem(dy));
    }

    @Override
    public void sigmoidForward(Tensor a, Tensor y, int B) {
        checkSame(a, y);
        checkRows(B, a, y);
        each("sigmoid_forward", B * a.cols, mem(a), mem(y));
    }

    @Override
    public void sigmoidBackward(Tensor y, Tensor dy, Tensor da, int B) {
        checkSame(y, dy, da);
        checkRows(B, y, dy, da);
        each("sigmoid_backward", B * y.cols, mem(y), mem(dy), mem(da));
    }

    @Override
    public void reparameterize(Tensor mu, Tensor logvar, Tensor eps, Tensor z, int B) {
        checkSame(mu, logvar, eps, z);
        checkRows(B, mu, logvar, eps, z);
        each("reparameterize", B * mu.cols, mem(mu), mem(logvar), mem(eps), mem(z));
    }

    @Override
    public void reparameterizeBackward(Tensor dz, Tensor logvar, Tensor eps, Tensor dmu, Tensor dlogvar, int B) {
        checkSame(dz, logvar, eps, dmu, dlogvar);
        checkRows(B, dz, logvar, eps, dmu, dlogvar);
        each("reparameterize_backward", B * dz.cols,
                mem(dz), mem(logvar), mem(eps), mem(dmu), mem(dlogvar));
    }

    /** Launches an element-wise kernel over n elements: its arguments, then n. */
    private void each(String kernel, int n, Object... args) {
        Object[] all = Arrays.copyOf(args, args.length + 1);
        all[args.length] = n;
        device.launch(kernel, new long[] {roundUp(n, device.group)}, new long[] {device.group}, all);
    }

    // ---- the loss: one work-group per row ---------------------------------------------------------

    //> opencl loss-calls
    @Override
    public void bceWithLogits(Tensor logits, Tensor x, Tensor dlogits, Tensor rowLoss, int B) {
        checkSame(logits, x, dlogits);
        checkCols(1, rowLoss);
        checkRows(B, logits, x, dlogits, rowLoss);
        device.launch("bce_with_logits", rows(B), new long[] {device.group},
                mem(logits), mem(x), mem(dlogits), mem(rowLoss), logits.cols);
    }

    @Override
    public void klForward(Tensor mu, Tensor logvar, Tensor rowKl, int B) {
        checkSame(mu, logvar);
        checkCols(1, rowKl);
        checkRows(B, mu, logvar, rowKl);
        device.launch("kl_forward", rows(B), new long[] {device.group}, mem(mu), mem(logvar), mem(rowKl), mu.cols);
    }

    @Override
    public void klBackward(Tensor mu, Tensor logvar, Tensor dmu, Tensor dlogvar, int B) {
        checkSame(mu, logvar, dmu, dlogvar);
        checkRows(B, mu, logvar, dmu, dlogvar);
        each("kl_backward", B * mu.cols, mem(mu), mem(logvar), mem(dmu), mem(dlogvar));
    }

    private long[] rows(int B) {
        return new long[] {(long) B * device.group};
    }
    //< opencl loss-calls

    // ---- the optimiser ----------------------------------------------------------------------------

    @Override
    public void adamStep(Tensor p, Tensor g, Tensor m, Tensor v, AdamStep adam) {
        checkSame(p, g, m, v);
        checkRows(p.rows, p, g, m, v);
        each("adam_step", p.size(), mem(p), mem(g), mem(m), mem(v),
                (float) adam.beta1(), (float) adam.beta2(), (float) (1 - adam.beta1()), (float) (1 - adam.beta2()),
                (float) adam.eps(), (float) adam.stepSize(), (float) adam.bc2Sqrt());
    }

    // ---- checks -----------------------------------------------------------------------------------
    // A kernel that runs past a buffer does not throw, it corrupts memory: so every call checks.

    private cl_mem mem(Tensor t) {
        checkOpen();
        if (!(t instanceof DeviceTensor d) || d.device != device) {
            throw new IllegalArgumentException("expected a tensor of these OpenCL kernels, got " + t);
        }
        return d.buffer;
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("the OpenCL kernels are closed");
        }
    }

    private static void checkRows(int B, Tensor... ts) {
        for (Tensor t : ts) {
            if (B < 1 || B > t.rows) {
                throw new IllegalArgumentException("B = " + B + " rows do not fit " + t);
            }
        }
    }

    private static void checkCols(int cols, Tensor... ts) {
        for (Tensor t : ts) {
            if (t.cols != cols) {
                throw new IllegalArgumentException(t + " should have " + cols + " columns");
            }
        }
    }

    /** Tensors of one element-wise operation: the same width (their rows are checked against B). */
    private static void checkSame(Tensor first, Tensor... ts) {
        checkCols(first.cols, ts);
    }

    private static void checkLength(int n, int arrayLength, Tensor t) {
        if (n < 0 || n > arrayLength || n > t.size()) {
            throw new IllegalArgumentException(n + " floats do not fit an array of " + arrayLength + " and " + t);
        }
    }

    /** Frees every buffer, the kernels, the program, the queue and the context. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        device.finish();
        tensors.forEach(DeviceTensor::release);
        tensors.clear();
        device.close();
        closed = true;
    }
}
