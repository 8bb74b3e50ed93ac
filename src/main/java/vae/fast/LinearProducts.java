package vae.fast;

import static vae.fast.FastTensor.rowMajor;
import static vae.fast.MatMul.MR;
import static vae.fast.MatMul.NARROW;
import static vae.fast.MatMul.NR;
import static vae.fast.MatMul.SPECIES;
import static vae.fast.Parallel.MIN_PARALLEL_WORK;

import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import vae.tensor.Tensor;

/**
 * The three products of a linear layer, on all cores: each packs its operands and runs
 * {@link MatMul}, through {@link Parallel}. The two that read the weight (y = x·wᵀ + b and
 * dx = dy·w) split over columns of their output, each thread packing the panels of w it
 * multiplies; the weight gradient splits over rows of dW. A weight in panels ({@link FastTensor})
 * is read in place, and its gradient written in place.
 *
 * <p>Every product is bit-for-bit the same for any number of threads: no sum is ever split
 * between threads.
 */
final class LinearProducts {
    private static final int L = MatMul.L;
    /**
     * The weight gradient's pieces are cut on multiples of this many units: whole strips of the
     * product, and whole vectors for the sums of db (a piece of 24 units would add 8 of them one
     * at a time, in every row of the batch).
     */
    private static final int UNIT_GRAIN = Math.max(MR, L);

    private final Parallel pool;
    private final Workspace[] workspace;
    private float[] packed = new float[0];                        // B of the product in flight, in panels
    private float[] zeros = new float[0];                         // a C0 of zeros, read by every thread
    private final Packing.Strips strips = new Packing.Strips();   // A of the product in flight, when split over columns
    // the gradient of a weight in panels keeps buffers of its own: it may run in the background
    // while the products above run on the caller
    private final Packing.Strips gradientStrips = new Packing.Strips();
    private float[] gradientPacked = new float[0];

    LinearProducts(Parallel pool, Workspace[] workspace) {
        this.pool = pool;
        this.workspace = workspace;
    }

    //> kernels-fast linear-forward
    // x is (B, IN), w is (OUT, IN), b is (1, OUT), y is (B, OUT): y = x·wᵀ + b, so B of the product
    // is wᵀ (IN, OUT). x is packed first, split over rows; then the product is split over columns
    // of y: each piece packs its panels of wᵀ (from w's rows) and multiplies every strip of x by
    // them. A weight in panels is wᵀ packed already: the pieces only multiply
    void forward(Tensor x, Tensor w, Tensor b, Tensor y, int B) {
        int IN = w.cols, OUT = w.rows;
        long work = (long) B * IN * OUT;
        float[] panels = FastTensor.panels(w), W = panels == null ? rowMajor(w) : null;
        Matrix bias = Matrix.everyRow(rowMajor(b));
        float[] bPanels = panels != null ? panels : packed(Packing.packedSize(IN, OUT));
        Product product = Product.rowMajor(bPanels, rowMajor(y), OUT, bias, B, OUT, IN);
        // shared even where it is small (encoder.fc2's 400 × 10, decoder.fc2's 10 × 400): in the
        // forward pass the helpers have nothing else to do, and are awake from the product before
        long share = work >= MIN_PARALLEL_WORK / 16 ? Math.max(work, MIN_PARALLEL_WORK) : work;
        Matrix a = Matrix.rowMajor(rowMajor(x), IN);
        if (OUT <= NARROW) {            // narrow: x is read in place, not packed (MatMul.multiplyNarrow)
            Packing.packB(Matrix.transposed(W, IN), IN, OUT, bPanels, 0, OUT, workspace[0].products);
            pool.forEach(B, MR, share, (worker, m0, m1) -> MatMul.multiply(a, product, m0, m1, workspace[worker].products));
            return;
        }
        packStrips(a, B, IN, work);
        pool.forEach(OUT, NR, share, (worker, n0, n1) -> {
            Scratch scratch = workspace[worker].products;
            if (panels == null) {
                Packing.packB(Matrix.transposed(W, IN), IN, OUT, bPanels, n0, n1, scratch);
            }
            MatMul.multiplyColumns(strips, product, n0, n1, scratch);
        });
    }
    //< kernels-fast linear-forward

    //> kernels-fast linear-backward-input
    // dy is (B, OUT), w is (OUT, IN), dx is (B, IN): dx (+)= dy·w. As the forward product: dy packed,
    // split over rows, then split over columns of dx, each piece packing its panels of w: copied
    // from w's rows, or gathered from a weight in panels, where a row of w is spread out
    void backwardInput(Tensor dy, Tensor w, Tensor dx, int B, boolean accumulate) {
        int IN = w.cols, OUT = w.rows;
        long work = (long) B * IN * OUT;
        float[] panels = FastTensor.panels(w), W = panels == null ? rowMajor(w) : null, DX = rowMajor(dx);
        float[] bPanels = packed(Packing.packedSize(OUT, IN));
        Matrix c0 = accumulate ? Matrix.rowMajor(DX, IN) : Matrix.everyRow(zeros(IN));
        Product product = Product.rowMajor(bPanels, DX, IN, c0, B, IN, OUT);
        if (IN <= NARROW) {             // narrow, as in forward
            Scratch scratch = workspace[0].products;
            Packing.packB(Matrix.rowMajor(W, IN), OUT, IN, bPanels, 0, IN, scratch);
            MatMul.multiply(Matrix.rowMajor(rowMajor(dy), OUT), product, 0, B, scratch);
            return;
        }
        packStrips(Matrix.rowMajor(rowMajor(dy), OUT), B, OUT, work);
        pool.forEach(IN, NR, work, (worker, n0, n1) -> {
            Scratch scratch = workspace[worker].products;
            if (panels != null) {
                Packing.packFromPanels(panels, OUT, IN, bPanels, n0, n1, scratch);
            } else {
                Packing.packB(Matrix.rowMajor(W, IN), OUT, IN, bPanels, n0, n1, scratch);
            }
            MatMul.multiplyColumns(strips, product, n0, n1, scratch);
        });
    }
    //< kernels-fast linear-backward-input

    //> kernels-fast linear-backward-params
    // dy is (B, OUT), x is (B, IN), dw is (OUT, IN) row-major, db is (1, OUT): dw = dyᵀ·x,
    // db = Σ_rows dy; x packed, then split over rows of dw; A = dyᵀ is read in place. A unit whose
    // dy is zero for every image of the batch (a ReLU that none of them turned on) has a row of dw
    // that is zero: it is filled, not computed.
    void backwardParams(Tensor dy, Tensor x, Tensor dw, Tensor db, int B) {
        int IN = dw.cols, OUT = dw.rows;
        long work = (long) B * IN * OUT;
        float[] DY = rowMajor(dy), DW = rowMajor(dw), DB = rowMajor(db), X = rowMajor(x);
        float[] bPanels = packed(Packing.packedSize(B, IN));
        Matrix dyT = Matrix.transposed(DY, OUT);
        Product product = Product.rowMajor(bPanels, DW, IN, Matrix.everyRow(zeros(IN)), OUT, IN, B);
        pool.forEach(IN, NR, work, (worker, n0, n1) ->
                Packing.packB(Matrix.rowMajor(X, IN), B, IN, bPanels, n0, n1, workspace[worker].products));
        pool.forEach(OUT, UNIT_GRAIN, work, (worker, o0, o1) -> {
            Workspace ws = workspace[worker];
            ws.units(OUT);
            columnSums(DY, B, OUT, DB, ws.largest, o0, o1);
            int count = 0;
            for (int o = o0; o < o1; o++) {
                if (ws.largest[o] != 0f) {              // NaN too: it must reach dw
                    ws.units[count++] = o;
                } else {
                    Arrays.fill(DW, o * IN, (o + 1) * IN, 0f);
                }
            }
            if (count == o1 - o0) {                       // every unit: the rows in order
                MatMul.multiply(dyT, product, o0, o1, ws.products);
            } else {
                MatMul.multiplyRows(dyT, ws.units, count, product, ws.products);
            }
        });
    }
    //< kernels-fast linear-backward-params

    //> kernels-fast linear-backward-params-panels
    // dw in panels (FastTensor): dwᵀ = xᵀ·dy, whose (IN, OUT) is laid out exactly as dw's panels,
    // so the product writes them in place. xᵀ is packed first, split over its rows (eight pixels
    // of every image a strip, leaving out the images blank in all eight); then each piece of units
    // packs its panels of dy, sums their db, and multiplies. The same sums, in the same order, as
    // dw = dyᵀ·x: each is Σ_r dy[r][o]·x[r][i], r = 0, 1, … The pieces are started on the helpers
    // and left running (Parallel.startInBackground): the caller awaits them
    void startBackwardParamsInPanels(Tensor dy, Tensor x, float[] dwPanels, Tensor db, int B, int IN, int OUT) {
        long work = (long) B * IN * OUT;
        float[] DY = rowMajor(dy), X = rowMajor(x), DB = rowMajor(db);
        gradientStrips.size(IN, B);
        if (gradientPacked.length < Packing.packedSize(B, OUT)) {
            gradientPacked = new float[Packing.packedSize(B, OUT)];
        }
        float[] bPanels = gradientPacked;
        Product product = Product.inPanels(bPanels, dwPanels, Matrix.everyRow(zeros(OUT)), IN, OUT, B);
        pool.forEach(IN, MR, work, (worker, m0, m1) ->
                gradientStrips.pack(Matrix.transposed(X, IN), m0, m1, B, workspace[worker].products));
        pool.startInBackground(OUT, NR, work, (worker, o0, o1) -> {
            Workspace ws = workspace[worker];
            ws.units(OUT);
            columnSums(DY, B, OUT, DB, ws.largest, o0, o1);
            for (int o = o0; o < o1; o++) {
                if (!Float.isFinite(ws.largest[o])) {   // ∞·0 is NaN: no blank pixel may be skipped
                    definitionInPanels(DY, X, dwPanels, B, IN, OUT, o0, o1);
                    return;
                }
            }
            Packing.packB(Matrix.rowMajor(DY, OUT), B, OUT, bPanels, o0, o1, ws.products);
            MatMul.multiplyColumns(gradientStrips, product, o0, o1, ws.products);
        });
    }

    // units [o0, o1) of dw, in panels, by the definition: every multiply-add, zeros too
    private static void definitionInPanels(float[] dy, float[] x, float[] dw, int B, int IN, int OUT, int o0, int o1) {
        for (int o = o0; o < o1; o++) {
            for (int i = 0; i < IN; i++) {
                float sum = 0f;
                for (int r = 0; r < B; r++) {
                    sum = Math.fma(dy[r * OUT + o], x[r * IN + i], sum);
                }
                dw[FastTensor.panelIndex(o, i, OUT, IN)] = sum;
            }
        }
    }
    //< kernels-fast linear-backward-params-panels

    // dy is (B, OUT): db[o] = Σ_r dy[r][o] for o in [o0, o1), summed in the order r = 0, 1, …, and
    // largest[o] = max_r |dy[r][o]|
    private static void columnSums(float[] dy, int B, int OUT, float[] db, float[] largest, int o0, int o1) {
        Arrays.fill(db, o0, o1, 0f);
        Arrays.fill(largest, o0, o1, 0f);
        int n = o0 + SPECIES.loopBound(o1 - o0);
        for (int r = 0; r < B; r++) {
            int o = o0;
            for (; o < n; o += L) {
                FloatVector d = FloatVector.fromArray(SPECIES, dy, r * OUT + o);
                FloatVector.fromArray(SPECIES, db, o).add(d).intoArray(db, o);
                FloatVector.fromArray(SPECIES, largest, o).max(d.abs()).intoArray(largest, o);
            }
            for (; o < o1; o++) {
                db[o] += dy[r * OUT + o];
                largest[o] = Math.max(largest[o], Math.abs(dy[r * OUT + o]));
            }
        }
    }

    /** Packs A (M, K) whole into strips, split over its rows. */
    private void packStrips(Matrix a, int M, int K, long work) {
        strips.size(M, K);
        pool.forEach(M, MR, work, (worker, m0, m1) -> strips.pack(a, m0, m1, K, workspace[worker].products));
    }

    private float[] packed(int size) {
        if (packed.length < size) {
            packed = new float[size];
        }
        return packed;
    }

    private float[] zeros(int n) {
        if (zeros.length < n) {
            zeros = new float[n];
        }
        return zeros;
    }
}
