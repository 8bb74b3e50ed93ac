package vae.fast;

import static vae.fast.FastTensor.rowMajor;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import vae.tensor.AdamStep;
import vae.tensor.Kernels;
import vae.tensor.ScalarKernels;
import vae.tensor.Tensor;

/**
 * The kernels on the Vector API and on {@code threads} cores. The linear layers' products are
 * {@link LinearProducts}; the loss ({@link BceRows}) and Adam ({@link AdamUpdate}) run a vector at
 * a time on every thread; the activations a vector at a time on the caller; the reparameterisation
 * and the KL term, four tiny loops over (B, Z), are the reference's loops. The tensors are
 * {@link FastTensor}s: a weight wider than {@link MatMul#NARROW} both ways is laid out in panels
 * the first time it is multiplied.
 *
 * <p>Every result is bit-for-bit the same for any number of threads (no sum is ever split between
 * threads). It differs from {@link ScalarKernels} by rounding only: a fused multiply-add rounds
 * once where the reference rounds twice.
 *
 * <p>One caller at a time: the buffers belong to the object. A weight gradient in panels may be
 * left running on the other threads when its call returns (see {@link #linearBackwardParams}).
 */
public final class VectorKernels implements Kernels {
    static final VectorSpecies<Float> SPECIES = VectorWidth.SPECIES;
    private static final int L = SPECIES.length();
    /** Adam's pieces are cut on multiples of this many parameters. */
    private static final int ADAM_GRAIN = 64 * L;

    private final Parallel pool;
    private final Workspace[] workspace;      // one per worker
    private final LinearProducts products;
    // the tensors of the weight gradient running in the background: read (dy, x) and written (dw, db)
    private Tensor inFlightDy, inFlightX, inFlightDw, inFlightDb;

    public VectorKernels(int threads) {
        this.pool = new Parallel(threads);
        this.workspace = new Workspace[threads];
        for (int i = 0; i < threads; i++) {
            workspace[i] = new Workspace();
        }
        this.products = new LinearProducts(pool, workspace);
    }

    @Override
    public String name() {
        return "vector";
    }

    public int threads() {
        return pool.threads();
    }

    // ---- memory ------------------------------------------------------------------------------

    //> kernels-fast weights
    // Every tensor starts row-major; a weight moves into panels when it is first multiplied
    // (FastTensor.panels). Upload and download copy a row-major tensor's floats as they are, and
    // find each element of a weight in panels where that layout puts it
    @Override
    public Tensor allocate(int rows, int cols) {
        return new FastTensor(rows, cols);
    }

    // element e of the row-major order is (e / cols, e % cols)
    @Override
    public void upload(float[] src, int n, Tensor dst) {
        writing(dst);
        if (dst instanceof FastTensor t && t.inPanels()) {
            for (int e = 0; e < n; e++) {
                t.data()[t.index(e / t.cols, e % t.cols)] = src[e];
            }
        } else {
            System.arraycopy(src, 0, rowMajor(dst), 0, n);
        }
    }

    @Override
    public void download(Tensor src, int n, float[] dst) {
        reading(src);
        if (src instanceof FastTensor t && t.inPanels()) {
            for (int e = 0; e < n; e++) {
                dst[e] = t.data()[t.index(e / t.cols, e % t.cols)];
            }
        } else {
            System.arraycopy(rowMajor(src), 0, dst, 0, n);
        }
    }
    //< kernels-fast weights

    @Override
    public void uploadImages(byte[] images, int P, int[] order, int from, int count, Tensor dst) {
        writing(dst);
        float[] X = rowMajor(dst);
        // split over images: each is P bytes somewhere in a 47 MB array, and the time goes in
        // fetching them from memory, which two cores do side by side (a pixel counted as 64
        // multiply-adds, so that a batch of 128 is shared; bench/NOTEBOOK.md, "Beside the weight gradient")
        pool.forEach(count, 1, (long) count * P * 64, (worker, k0, k1) -> Pixels.toFloats(images, P, order, from, k0, k1, X));
    }

    // ---- linear layer ------------------------------------------------------------------------

    @Override
    public void linearForward(Tensor x, Tensor w, Tensor b, Tensor y, int B) {
        reading(x);
        reading(w);
        reading(b);
        writing(y);
        products.forward(x, w, b, y, B);
    }

    @Override
    public void linearBackwardInput(Tensor dy, Tensor w, Tensor dx, int B, boolean accumulate) {
        reading(dy);
        reading(w);
        writing(dx);
        products.backwardInput(dy, w, dx, B, accumulate);
    }

    //> kernels-fast background
    // The gradient of a weight in panels is started on the helpers and left running: the caller
    // returns at once and goes on with the layers below, which are too small to share out
    // (Vae.backward: decoder.fc3's gradient runs beside the whole middle of the pass). It is
    // finished before any later call that shares its work out (Parallel.forEach), that writes what
    // it reads (dy, x) or that touches what it writes (dw, db): every kernel first names what it
    // reads and writes. A second gradient in panels waits for the first: they share buffers.
    @Override
    public void linearBackwardParams(Tensor dy, Tensor x, Tensor dw, Tensor db, int B) {
        float[] panels = FastTensor.panels(dw);
        if (panels == null) {
            reading(dy);
            reading(x);
            writing(dw);
            writing(db);
            products.backwardParams(dy, x, dw, db, B);
            return;
        }
        awaitBackground();
        inFlightDy = dy;
        inFlightX = x;
        inFlightDw = dw;
        inFlightDb = db;
        products.startBackwardParamsInPanels(dy, x, panels, db, B, dw.cols, dw.rows);
    }

    private void reading(Tensor t) {
        if (pool.hasBackground() && (t == inFlightDw || t == inFlightDb)) {
            awaitBackground();
        }
    }

    private void writing(Tensor t) {
        if (pool.hasBackground() && (t == inFlightDw || t == inFlightDb || t == inFlightDy || t == inFlightX)) {
            awaitBackground();
        }
    }

    private void awaitBackground() {
        inFlightDy = inFlightX = inFlightDw = inFlightDb = null;
        pool.awaitBackground();
    }
    //< kernels-fast background

    // ---- activations -------------------------------------------------------------------------

    //> kernels-fast relu-forward
    // y is (B, N), in place: y = max(y, 0)
    @Override
    public void reluForward(Tensor y, int B) {
        writing(y);
        float[] Y = rowMajor(y);
        int n = B * y.cols, i = 0;
        for (; i < SPECIES.loopBound(n); i += L) {
            VectorMath.max(FloatVector.fromArray(SPECIES, Y, i), 0f).intoArray(Y, i);
        }
        for (; i < n; i++) {
            Y[i] = Math.max(Y[i], 0f);
        }
    }
    //< kernels-fast relu-forward

    // y and dy are (B, N); dy in place: dy = y > 0 ? dy : 0
    @Override
    public void reluBackward(Tensor y, Tensor dy, int B) {
        reading(y);
        writing(dy);
        float[] Y = rowMajor(y), DY = rowMajor(dy);
        int n = B * y.cols, i = 0;
        for (; i < SPECIES.loopBound(n); i += L) {
            FloatVector g = FloatVector.fromArray(SPECIES, DY, i);
            g.blend(0f, FloatVector.fromArray(SPECIES, Y, i).compare(VectorOperators.GT, 0f).not())
                    .intoArray(DY, i);
        }
        for (; i < n; i++) {
            DY[i] = Y[i] > 0f ? DY[i] : 0f;
        }
    }

    //> kernels-fast sigmoid-forward
    // a and y are (B, N): y = 1 / (1 + e^-a), as (a ≥ 0 ? 1 : e) / (1 + e) with e = e^-|a| in (0, 1],
    // so that exp never overflows
    @Override
    public void sigmoidForward(Tensor a, Tensor y, int B) {
        reading(a);
        writing(y);
        float[] A = rowMajor(a), Y = rowMajor(y);
        int n = B * a.cols;
        for (int i = 0; i < n; i += L) {           // the last vector may stick out past n: masked
            VectorMask<Float> in = SPECIES.indexInRange(i, n);
            FloatVector av = FloatVector.fromArray(SPECIES, A, i, in);
            FloatVector e = VectorMath.exp(av.abs().neg());
            e.blend(1f, av.compare(VectorOperators.GE, 0f)).div(e.add(1f)).intoArray(Y, i, in);
        }
    }
    //< kernels-fast sigmoid-forward

    // y, dy and da are (B, N): da = dy·y·(1 - y)
    @Override
    public void sigmoidBackward(Tensor y, Tensor dy, Tensor da, int B) {
        reading(y);
        reading(dy);
        writing(da);
        float[] Y = rowMajor(y), DY = rowMajor(dy), DA = rowMajor(da);
        int n = B * y.cols, i = 0;
        for (; i < SPECIES.loopBound(n); i += L) {
            FloatVector yv = FloatVector.fromArray(SPECIES, Y, i);
            FloatVector.fromArray(SPECIES, DY, i).mul(yv).mul(yv.neg().add(1f)).intoArray(DA, i);
        }
        for (; i < n; i++) {
            DA[i] = DY[i] * Y[i] * (1f - Y[i]);
        }
    }

    // ---- the latent layer: the reference's loops (ScalarKernels), on this layer's tensors -------

    // mu, logvar, eps and z are (B, Z)
    @Override
    public void reparameterize(Tensor mu, Tensor logvar, Tensor eps, Tensor z, int B) {
        reading(mu);
        reading(logvar);
        reading(eps);
        writing(z);
        ScalarKernels.reparameterize(rowMajor(mu), rowMajor(logvar), rowMajor(eps), rowMajor(z), B * mu.cols);
    }

    // dz, logvar, eps, dmu and dlogvar are (B, Z)
    @Override
    public void reparameterizeBackward(Tensor dz, Tensor logvar, Tensor eps, Tensor dmu, Tensor dlogvar, int B) {
        reading(dz);
        reading(logvar);
        reading(eps);
        writing(dmu);
        writing(dlogvar);
        ScalarKernels.reparameterizeBackward(rowMajor(dz), rowMajor(logvar), rowMajor(eps), rowMajor(dmu), rowMajor(dlogvar), B * dz.cols);
    }

    // mu and logvar are (B, Z), rowKl is (B, 1)
    @Override
    public void klForward(Tensor mu, Tensor logvar, Tensor rowKl, int B) {
        reading(mu);
        reading(logvar);
        writing(rowKl);
        ScalarKernels.klForward(rowMajor(mu), rowMajor(logvar), rowMajor(rowKl), B, mu.cols);
    }

    // mu, logvar, dmu and dlogvar are (B, Z); the gradients accumulate
    @Override
    public void klBackward(Tensor mu, Tensor logvar, Tensor dmu, Tensor dlogvar, int B) {
        reading(mu);
        reading(logvar);
        writing(dmu);
        writing(dlogvar);
        ScalarKernels.klBackward(rowMajor(mu), rowMajor(logvar), rowMajor(dmu), rowMajor(dlogvar), B * mu.cols);
    }

    // ---- the loss and the optimiser ------------------------------------------------------------

    // logits, x and dlogits are (B, N), rowLoss is (B, 1); split over rows
    @Override
    public void bceWithLogits(Tensor logits, Tensor x, Tensor dlogits, Tensor rowLoss, int B) {
        reading(logits);
        reading(x);
        writing(dlogits);
        writing(rowLoss);
        float[] A = rowMajor(logits), X = rowMajor(x), DA = rowMajor(dlogits), loss = rowMajor(rowLoss);
        int N = logits.cols;
        pool.forEach(B, 1, (long) B * N * 64, (worker, r0, r1) -> {     // exp, log1p and two divisions an element
            for (int r = r0; r < r1; r++) {
                loss[r] = BceRows.row(A, X, DA, r * N, N, workspace[worker]);
            }
        });
    }

    // p, g, m and v have the same shape and layout (a weight in panels: its gradient and moments
    // are laid out as it is, and its padding, zeros, stays zero); split over ranges of parameters
    @Override
    public void adamStep(Tensor p, Tensor g, Tensor m, Tensor v, AdamStep adam) {
        reading(g);
        writing(p);
        writing(m);
        writing(v);
        boolean inPanels = FastTensor.panels(p) != null;
        float[] P = laidOutAs(inPanels, p), G = laidOutAs(inPanels, g), M = laidOutAs(inPanels, m), V = laidOutAs(inPanels, v);
        AdamUpdate update = AdamUpdate.of(adam);
        pool.forEach(P.length, ADAM_GRAIN, (long) P.length * 16,  // 7 floats moved an element
                (worker, i0, i1) -> update.apply(P, G, M, V, i0, i1));
    }

    // the floats of a parameter, its gradient or a moment, in panels where the parameter is
    private static float[] laidOutAs(boolean inPanels, Tensor t) {
        if (!inPanels) {
            return rowMajor(t);
        }
        float[] panels = FastTensor.panels(t);
        if (panels == null) {
            throw new IllegalArgumentException("a weight in panels needs its gradient and moments made by the same kernels: " + t);
        }
        return panels;
    }

    @Override
    public void close() {
        pool.close();
    }
}
