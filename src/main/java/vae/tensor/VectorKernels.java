package vae.tensor;

import static vae.tensor.HostTensor.data;

import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The kernels on the Vector API and on {@code threads} cores. The three products of the linear
 * layers pack their operands into panels and strips and run {@link MatMul}'s register-blocked
 * micro-kernel, through {@link Parallel}: the two that read the weight (y = x·wᵀ + b and dx = dy·w)
 * split over columns of their output, each thread packing the panels of w it multiplies, and the
 * weight gradient over rows of dW; the loss, the activations and Adam run a vector at a time, the
 * loss and Adam on every thread. The big weights are kept in the panels of their forward product
 * ({@link PanelTensor}): that product reads them in place, and their gradient is written in them,
 * split over units.
 *
 * <p>Every product is bit-for-bit the same for any number of threads (no sum is ever split
 * between threads). It differs from {@link ScalarKernels} by rounding only: a fused multiply-add
 * rounds once where the reference rounds twice.
 *
 * <p>The memory kernels, the reparameterisation and the KL term, all tiny, are the reference's.
 * One caller at a time: the buffers and the tasks handed to the threads belong to the object.
 */
public class VectorKernels extends ScalarKernels {
    static final VectorSpecies<Float> SPECIES = VectorWidth.SPECIES;
    private static final int L = SPECIES.length();
    /**
     * The weight gradient's pieces are cut on multiples of this many units: whole strips of the
     * product, and whole vectors for the sums of db (a piece of 24 units would add 8 of them one
     * at a time, in every row of the batch).
     */
    private static final int UNIT_GRAIN = Math.max(MatMul.MR, L);
    /** Adam's pieces are cut on multiples of this many parameters. */
    private static final int ADAM_GRAIN = 64 * L;

    private final Parallel pool;
    private final Workspace[] workspace;      // one per worker
    private float[] packed = new float[0];    // B of the product in flight, packed into panels
    private final MatMul.Strips strips = new MatMul.Strips();   // A of the product in flight, when split over columns
    // A weight gradient in panels keeps its buffers and task apart from the other products'. The one
    // computed beside other work (forEachBeside) has a set of its own: the work beside it may take the
    // gradient of another weight in panels (decoder.fc2's, where --feature is above MatMul.NARROW)
    private final PanelGradient panelGradient = new PanelGradient(), panelGradientBeside = new PanelGradient();

    // The tasks handed to the pool, made once: a call allocates nothing but the pool's small Job.
    private final PackB packB = new PackB();
    private final PackStrips packStrips = new PackStrips();
    private final ForwardColumns forwardColumns = new ForwardColumns();
    private final BackwardInputColumns backwardInputColumns = new BackwardInputColumns();
    private final BackwardParamsRows backwardParamsRows = new BackwardParamsRows();
    private final BceRows bceRows = new BceRows();
    private static final Runnable NOTHING = () -> { };
    private final AdamRange adamRange = new AdamRange();

    public VectorKernels(int threads) {
        this.pool = new Parallel(threads);
        this.workspace = new Workspace[threads];
        for (int i = 0; i < threads; i++) {
            workspace[i] = new Workspace();
        }
    }

    /** The buffers of one worker. */
    private static final class Workspace {
        final MatMul.Scratch matmul = new MatMul.Scratch();
        final float[] sums = new float[SUMS];   // a row's partial sums of the loss
        final float[] logits = new float[SUMS], targets = new float[SUMS], gradient = new float[SUMS];   // a row's last block
        float[] largest = new float[0];       // per output unit: the largest |dy| of the batch
        int[] units = new int[0];             // the units some image of the batch reached

        /** Makes room in both per-unit buffers for n units. */
        void units(int n) {
            if (units.length < n) {
                largest = new float[n];
                units = new int[n];
            }
        }
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
    // A weight wider than MatMul.NARROW both ways is kept in the panels its forward product reads
    // (PanelTensor); the narrow ones, whose products read A in place, stay row-major
    @Override
    public Tensor allocateWeight(int out, int in) {
        return out > MatMul.NARROW && in > MatMul.NARROW ? new PanelTensor(out, in) : allocate(out, in);
    }

    @Override
    public Tensor allocateLike(Tensor t) {
        return t instanceof PanelTensor ? new PanelTensor(t.rows, t.cols) : allocate(t.rows, t.cols);
    }

    // element e of the row-major order is (e / IN, e % IN)
    @Override
    public void upload(float[] src, int n, Tensor dst) {
        if (dst instanceof PanelTensor w) {
            for (int e = 0; e < n; e++) {
                w.data[w.index(e / w.cols, e % w.cols)] = src[e];
            }
        } else {
            super.upload(src, n, dst);
        }
    }

    @Override
    public void download(Tensor src, int n, float[] dst) {
        if (src instanceof PanelTensor w) {
            for (int e = 0; e < n; e++) {
                dst[e] = w.data[w.index(e / w.cols, e % w.cols)];
            }
        } else {
            super.download(src, n, dst);
        }
    }
    //< kernels-fast weights

    /** The floats behind a tensor, row-major or in panels: for the kernels that treat every element alike. */
    private static float[] elements(Tensor t) {
        return t instanceof PanelTensor w ? w.data : data(t);
    }

    // ---- linear layer ------------------------------------------------------------------------

    //> kernels-fast linear-forward
    // x is (B, IN), w is (OUT, IN), b is (1, OUT), y is (B, OUT): y = x·wᵀ + b, so B of the product
    // is wᵀ (IN, OUT). x is packed first, split over rows; then the product is split over columns
    // of y: each piece packs its panels of wᵀ (from w's rows) and multiplies every strip of x by them
    @Override
    public void linearForward(Tensor x, Tensor w, Tensor b, Tensor y, int B) {
        int IN = w.cols, OUT = w.rows;
        long work = (long) B * IN * OUT;
        if (w instanceof PanelTensor panels) {  // wᵀ is packed already: the pieces only multiply
            strips.size(B, IN);
            pool.forEach(B, MatMul.MR, work, packStrips.set(data(x), IN, 1, IN, strips));
            pool.forEach(OUT, MatMul.NR, work, forwardColumns.set(null, panels.data, data(b), data(y), B, IN, OUT));
            return;
        }
        float[] bp = packed(MatMul.packedSize(IN, OUT));
        if (OUT <= MatMul.NARROW) {   // narrow: x is read in place, not packed (MatMul.multiplyNarrow)
            MatMul.Scratch scratch = workspace[0].matmul;
            MatMul.packB(data(w), 1, IN, IN, OUT, bp, 0, OUT, scratch);
            MatMul.multiply(data(x), IN, 1, bp, data(y), OUT, data(b), 0, 0, B, OUT, IN, scratch);
            return;
        }
        strips.size(B, IN);
        pool.forEach(B, MatMul.MR, work, packStrips.set(data(x), IN, 1, IN, strips));
        pool.forEach(OUT, MatMul.NR, work, forwardColumns.set(data(w), bp, data(b), data(y), B, IN, OUT));
    }

    private final class ForwardColumns implements Parallel.Task {
        private float[] w, bp, bias, y;
        private int B, IN, OUT;

        ForwardColumns set(float[] w, float[] bp, float[] bias, float[] y, int B, int IN, int OUT) {
            this.w = w; this.bp = bp; this.bias = bias; this.y = y; this.B = B; this.IN = IN; this.OUT = OUT;
            return this;
        }

        @Override
        public void run(int worker, int n0, int n1) {
            MatMul.Scratch scratch = workspace[worker].matmul;
            if (w != null) {            // w row-major: its panels of wᵀ first
                MatMul.packB(w, 1, IN, IN, OUT, bp, n0, n1, scratch);
            }
            // C0 is the bias, the same row for every row of y
            MatMul.multiplyColumns(strips, B, bp, y, OUT, false, bias, 0, n0, n1, OUT, IN, scratch);
        }
    }
    //< kernels-fast linear-forward

    /** Packs A of a product whole into strips (sized by the caller), split over its rows. */
    private final class PackStrips implements Parallel.Task {
        private float[] a;
        private int aRow, aK, K;
        private MatMul.Strips into;

        PackStrips set(float[] a, int aRow, int aK, int K, MatMul.Strips into) {
            this.a = a; this.aRow = aRow; this.aK = aK; this.K = K; this.into = into;
            return this;
        }

        @Override
        public void run(int worker, int m0, int m1) {
            MatMul.packStrips(a, aRow, aK, m0, m1, K, into, workspace[worker].matmul);
        }
    }

    /** Packs B of a product into panels, split over its columns. */
    private final class PackB implements Parallel.Task {
        private float[] b, bp;
        private int bK, bN, K, N;

        PackB set(float[] b, int bK, int bN, int K, int N, float[] bp) {
            this.b = b; this.bK = bK; this.bN = bN; this.K = K; this.N = N; this.bp = bp;
            return this;
        }

        @Override
        public void run(int worker, int n0, int n1) {
            MatMul.packB(b, bK, bN, K, N, bp, n0, n1, workspace[worker].matmul);
        }
    }

    private float[] packed(int size) {
        if (packed.length < size) {
            packed = new float[size];
        }
        return packed;
    }

    //> kernels-fast linear-backward-input
    // dy is (B, OUT), w is (OUT, IN), dx is (B, IN): dx (+)= dy·w. As the forward product: dy packed,
    // split over rows, then split over columns of dx, each piece packing its panels of w
    @Override
    public void linearBackwardInput(Tensor dy, Tensor w, Tensor dx, int B, boolean accumulate) {
        int IN = w.cols, OUT = w.rows;
        long work = (long) B * IN * OUT;
        float[] bp = packed(MatMul.packedSize(OUT, IN));
        if (IN <= MatMul.NARROW) {    // narrow, as in linearForward
            MatMul.Scratch scratch = workspace[0].matmul;
            MatMul.packB(data(w), IN, 1, OUT, IN, bp, 0, IN, scratch);
            float[] c0 = accumulate ? data(dx) : scratch.zeros(IN);
            MatMul.multiply(data(dy), OUT, 1, bp, data(dx), IN, c0, accumulate ? IN : 0, 0, B, IN, OUT, scratch);
            return;
        }
        strips.size(B, OUT);
        pool.forEach(B, MatMul.MR, work, packStrips.set(data(dy), OUT, 1, OUT, strips));
        pool.forEach(IN, MatMul.NR, work, backwardInputColumns.set(elements(w), w instanceof PanelTensor, bp, data(dx),
                B, IN, OUT, accumulate));
    }

    private final class BackwardInputColumns implements Parallel.Task {
        private float[] w, bp, dx;
        private int B, IN, OUT;
        private boolean inPanels, accumulate;

        BackwardInputColumns set(float[] w, boolean inPanels, float[] bp, float[] dx, int B, int IN, int OUT, boolean accumulate) {
            this.w = w; this.inPanels = inPanels; this.bp = bp; this.dx = dx; this.B = B; this.IN = IN; this.OUT = OUT;
            this.accumulate = accumulate;
            return this;
        }

        @Override
        public void run(int worker, int n0, int n1) {
            MatMul.Scratch scratch = workspace[worker].matmul;
            if (inPanels) {             // w's rows are spread over its panels: gathered
                MatMul.packFromPanels(w, OUT, IN, bp, n0, n1, scratch);
            } else {                    // w's rows are rows of the panels: copied
                MatMul.packB(w, IN, 1, OUT, IN, bp, n0, n1, scratch);
            }
            if (accumulate) {           // C0 is dx itself
                MatMul.multiplyColumns(strips, B, bp, dx, IN, false, dx, IN, n0, n1, IN, OUT, scratch);
            } else {                    // C0 is zeros
                MatMul.multiplyColumns(strips, B, bp, dx, IN, false, scratch.zeros(IN), 0, n0, n1, IN, OUT, scratch);
            }
        }
    }
    //< kernels-fast linear-backward-input

    //> kernels-fast linear-backward-params
    // dy is (B, OUT), x is (B, IN), dw is (OUT, IN), db is (1, OUT): dw = dyᵀ·x, db = Σ_rows dy;
    // x packed, then split over rows of dw; A = dyᵀ is read in place, element (o, r) at dy[r·OUT + o].
    // A unit whose dy is zero for every image of the batch (a ReLU that none of them turned on) has a
    // row of dw that is zero: it is filled, not computed.
    @Override
    public void linearBackwardParams(Tensor dy, Tensor x, Tensor dw, Tensor db, int B) {
        int IN = dw.cols, OUT = dw.rows;
        long work = (long) B * IN * OUT;
        if (dw instanceof PanelTensor panels) {
            backwardParamsInPanels(dy, x, panels, db, B, NOTHING);
            return;
        }
        float[] bp = packed(MatMul.packedSize(B, IN));
        pool.forEach(IN, MatMul.NR, work, packB.set(data(x), IN, 1, B, IN, bp));
        pool.forEach(OUT, UNIT_GRAIN, work, backwardParamsRows.set(data(dy), bp, data(dw), data(db), B, IN, OUT));
    }

    private final class BackwardParamsRows implements Parallel.Task {
        private float[] dy, bp, dw, db;
        private int B, IN, OUT;

        BackwardParamsRows set(float[] dy, float[] bp, float[] dw, float[] db, int B, int IN, int OUT) {
            this.dy = dy; this.bp = bp; this.dw = dw; this.db = db; this.B = B; this.IN = IN; this.OUT = OUT;
            return this;
        }

        @Override
        public void run(int worker, int o0, int o1) {
            Workspace ws = workspace[worker];
            ws.units(OUT);
            columnSums(dy, B, OUT, db, ws.largest, o0, o1);
            int count = 0;
            for (int o = o0; o < o1; o++) {
                if (ws.largest[o] != 0f) {              // NaN too: it must reach dw
                    ws.units[count++] = o;
                } else {
                    Arrays.fill(dw, o * IN, (o + 1) * IN, 0f);
                }
            }
            if (count == o1 - o0) {                       // every unit: the rows in order
                MatMul.multiply(dy, 1, OUT, bp, dw, IN, ws.matmul.zeros(IN), 0, o0, o1, IN, B, ws.matmul);
            } else {
                MatMul.multiplyRows(dy, 1, OUT, bp, dw, IN, ws.matmul.zeros(IN), ws.units, count, IN, B, ws.matmul);
            }
        }
    }
    //< kernels-fast linear-backward-params

    //> kernels-fast linear-backward-params-panels
    // dw kept in panels (PanelTensor): dwᵀ = xᵀ·dy, whose (IN, OUT) is laid out exactly as dw's
    // panels, so the product writes them in place. xᵀ is packed first, split over its rows (eight
    // pixels of every image a strip, leaving out the images blank in all eight); then each piece of
    // units packs its panels of dy, sums their db, and multiplies. The same sums, in the same
    // order, as dw = dyᵀ·x: each is Σ_r dy[r][o]·x[r][i], r = 0, 1, …

    // For a weight in panels, the caller runs meanwhile while the other threads start on the
    // gradient's pieces (Parallel.forEachBeside). meanwhile may call any kernel but this one: the
    // gradient keeps buffers of its own
    @Override
    public void linearBackwardParams(Tensor dy, Tensor x, Tensor dw, Tensor db, int B, Runnable meanwhile) {
        if (dw instanceof PanelTensor panels) {
            backwardParamsInPanels(dy, x, panels, db, B, meanwhile);
        } else {
            linearBackwardParams(dy, x, dw, db, B);
            meanwhile.run();
        }
    }

    private void backwardParamsInPanels(Tensor dy, Tensor x, PanelTensor dw, Tensor db, int B, Runnable meanwhile) {
        int IN = dw.cols, OUT = dw.rows;
        long work = (long) B * IN * OUT;
        PanelGradient g = meanwhile == NOTHING ? panelGradient : panelGradientBeside;
        g.strips.size(IN, B);
        if (g.packed.length < MatMul.packedSize(B, OUT)) {
            g.packed = new float[MatMul.packedSize(B, OUT)];
        }
        pool.forEach(IN, MatMul.MR, work, g.packStrips.set(data(x), 1, IN, B, g.strips));
        pool.forEachBeside(meanwhile, OUT, MatMul.NR, work, g.set(data(dy), data(x), dw.data, data(db), B, IN, OUT));
    }

    /** The gradient of a weight in panels: its buffers (xᵀ in strips, dy in panels) and its pieces. */
    private final class PanelGradient implements Parallel.Task {
        final MatMul.Strips strips = new MatMul.Strips();
        final PackStrips packStrips = new PackStrips();
        float[] packed = new float[0];
        private float[] dy, x, dw, db;
        private int B, IN, OUT;

        PanelGradient set(float[] dy, float[] x, float[] dw, float[] db, int B, int IN, int OUT) {
            this.dy = dy; this.x = x; this.dw = dw; this.db = db; this.B = B; this.IN = IN; this.OUT = OUT;
            return this;
        }

        @Override
        public void run(int worker, int o0, int o1) {
            Workspace ws = workspace[worker];
            ws.units(OUT);
            columnSums(dy, B, OUT, db, ws.largest, o0, o1);
            for (int o = o0; o < o1; o++) {
                if (!Float.isFinite(ws.largest[o])) {   // ∞·0 is NaN: no blank pixel may be skipped
                    definitionInPanels(dy, x, dw, B, IN, OUT, o0, o1);
                    return;
                }
            }
            MatMul.packB(dy, OUT, 1, B, OUT, packed, o0, o1, ws.matmul);
            MatMul.multiplyColumns(strips, IN, packed, dw, 0, true, ws.matmul.zeros(OUT), 0, o0, o1, OUT, B, ws.matmul);
        }
    }

    // units [o0, o1) of dw, in panels, by the definition: every multiply-add, zeros too
    private static void definitionInPanels(float[] dy, float[] x, float[] dw, int B, int IN, int OUT, int o0, int o1) {
        for (int o = o0; o < o1; o++) {
            for (int i = 0; i < IN; i++) {
                float sum = 0f;
                for (int r = 0; r < B; r++) {
                    sum = Math.fma(dy[r * OUT + o], x[r * IN + i], sum);
                }
                dw[PanelTensor.index(o, i, OUT, IN)] = sum;
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

    // ---- activations -------------------------------------------------------------------------

    //> kernels-fast relu-forward
    // y is (B, N), in place: y = max(y, 0)
    @Override
    public void reluForward(Tensor y, int B) {
        float[] Y = data(y);
        int n = B * y.cols, i = 0;
        for (; i < SPECIES.loopBound(n); i += L) {
            FloatVector.fromArray(SPECIES, Y, i).max(0f).intoArray(Y, i);
        }
        for (; i < n; i++) {
            Y[i] = Math.max(Y[i], 0f);
        }
    }
    //< kernels-fast relu-forward

    // y and dy are (B, N); dy in place: dy = y > 0 ? dy : 0
    @Override
    public void reluBackward(Tensor y, Tensor dy, int B) {
        float[] Y = data(y), DY = data(dy);
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

    // a and y are (B, N): y = 1 / (1 + e^-a), as (a ≥ 0 ? 1 : e) / (1 + e) with e = e^-|a| in (0, 1],
    // so that exp never overflows
    @Override
    public void sigmoidForward(Tensor a, Tensor y, int B) {
        float[] A = data(a), Y = data(y);
        int n = B * a.cols;
        for (int i = 0; i < n; i += L) {           // the last vector may stick out past n: masked
            VectorMask<Float> in = SPECIES.indexInRange(i, n);
            FloatVector av = FloatVector.fromArray(SPECIES, A, i, in);
            FloatVector e = VectorMath.exp(av.abs().neg());
            e.blend(1f, av.compare(VectorOperators.GE, 0f)).div(e.add(1f)).intoArray(Y, i, in);
        }
    }

    // y, dy and da are (B, N): da = dy·y·(1 - y)
    @Override
    public void sigmoidBackward(Tensor y, Tensor dy, Tensor da, int B) {
        float[] Y = data(y), DY = data(dy), DA = data(da);
        int n = B * y.cols, i = 0;
        for (; i < SPECIES.loopBound(n); i += L) {
            FloatVector yv = FloatVector.fromArray(SPECIES, Y, i);
            FloatVector.fromArray(SPECIES, DY, i).mul(yv).mul(yv.neg().add(1f)).intoArray(DA, i);
        }
        for (; i < n; i++) {
            DA[i] = DY[i] * Y[i] * (1f - Y[i]);
        }
    }

    // ---- the loss ----------------------------------------------------------------------------

    //> kernels-fast bce
    // logits, x and dlogits are (B, N), rowLoss is (B, 1); split over rows
    @Override
    public void bceWithLogits(Tensor logits, Tensor x, Tensor dlogits, Tensor rowLoss, int B) {
        int N = logits.cols;
        pool.forEach(B, 1, (long) B * N * 64,       // exp, log1p and two divisions an element
                bceRows.set(data(logits), data(x), data(dlogits), data(rowLoss), N));
    }

    private final class BceRows implements Parallel.Task {
        private float[] A, X, DA, loss;
        private int N;

        BceRows set(float[] A, float[] X, float[] DA, float[] loss, int N) {
            this.A = A; this.X = X; this.DA = DA; this.loss = loss; this.N = N;
            return this;
        }

        @Override
        public void run(int worker, int r0, int r1) {
            for (int r = r0; r < r1; r++) {
                loss[r] = bceRow(A, X, DA, r * N, N, workspace[worker]);
            }
        }
    }

    // One row: da = σ(a) - t, and returns Σ max(a,0) - a·t + log(1 + e^-|a|); e^-|a| is in (0, 1],
    // so nothing overflows. The sum is kept in SUMS partial sums, element c in sum c mod SUMS, and
    // they are added in order at the end: the same grouping whatever a vector holds (16 floats, or
    // 8, 4, 2: then a block of SUMS takes several vectors), so the same float at every width. A
    // row's last, partial block goes through a block of padding whose elements add exactly 0.
    private static float bceRow(float[] A, float[] X, float[] DA, int off, int N, Workspace ws) {
        float[] sums = ws.sums;
        Arrays.fill(sums, 0f);
        int whole = N - N % SUMS;
        bceBlocks(A, X, DA, off, whole, sums);
        if (whole < N) {
            Arrays.fill(ws.logits, PADDING);
            Arrays.fill(ws.targets, 0f);
            System.arraycopy(A, off + whole, ws.logits, 0, N - whole);
            System.arraycopy(X, off + whole, ws.targets, 0, N - whole);
            bceBlocks(ws.logits, ws.targets, ws.gradient, 0, SUMS, sums);
            System.arraycopy(ws.gradient, 0, DA, off + whole, N - whole);
        }
        double total = 0;
        for (int j = 0; j < SUMS; j++) {
            total += sums[j];
        }
        return (float) total;
    }

    /** The number of partial sums of a row's loss: a multiple of every vector's length. */
    static final int SUMS = 16;
    /** A logit whose loss against a target of 0 is exactly 0: max(a, 0) = 0, a·0 = 0, and e^a is 0 in VectorMath.exp. */
    private static final float PADDING = -100f;

    // elements [off, off + n) of a row, n a multiple of SUMS: da = σ(a) - t, and the loss added to sums
    private static void bceBlocks(float[] A, float[] X, float[] DA, int off, int n, float[] sums) {
        for (int c = 0; c < n; c += SUMS) {
            for (int v = 0; v < SUMS; v += L) {
                int i = off + c + v;
                FloatVector a = FloatVector.fromArray(SPECIES, A, i), t = FloatVector.fromArray(SPECIES, X, i);
                FloatVector e = VectorMath.exp(a.abs().neg());
                FloatVector term = a.neg().fma(t, a.max(0f));                           // max(a,0) - a·t, rounded once
                FloatVector.fromArray(SPECIES, sums, v).add(term.add(VectorMath.log1p(e))).intoArray(sums, v);
                FloatVector sigmoid = e.blend(1f, a.compare(VectorOperators.GE, 0f)).div(e.add(1f));
                sigmoid.sub(t).intoArray(DA, i);
            }
        }
    }
    //< kernels-fast bce

    // ---- the optimiser -----------------------------------------------------------------------

    //> kernels-fast adam
    // p, g, m and v have the same shape; the same operations in the same order as the reference,
    // subnormal moments flushed to 0 as there, so the same floats, a vector at a time; split over
    // ranges of parameters
    @Override
    public void adamStep(Tensor p, Tensor g, Tensor m, Tensor v,
                         double beta1, double beta2, double eps, double stepSize, double bc2Sqrt) {
        float[] P = elements(p);                    // a weight in panels: its padding, zeros, stays zero
        int n = P.length;
        pool.forEach(n, ADAM_GRAIN, (long) n * 16,  // 7 floats moved an element
                adamRange.set(P, elements(g), elements(m), elements(v), beta1, beta2, eps, stepSize, bc2Sqrt));
    }

    private static final class AdamRange implements Parallel.Task {
        private float[] P, G, M, V;
        private float b1, b2, oneMinusB1, oneMinusB2, e, step, bc2, bc2Reciprocal;

        AdamRange set(float[] P, float[] G, float[] M, float[] V,
                      double beta1, double beta2, double eps, double stepSize, double bc2Sqrt) {
            this.P = P; this.G = G; this.M = M; this.V = V;
            b1 = (float) beta1; b2 = (float) beta2; oneMinusB1 = (float) (1 - beta1); oneMinusB2 = (float) (1 - beta2);
            e = (float) eps; step = (float) stepSize; bc2 = (float) bc2Sqrt; bc2Reciprocal = 1f / bc2;
            return this;
        }

        @Override
        public void run(int worker, int i0, int i1) {
            // Of the three slow instructions a parameter, the division by sqrt(1 - β2^t) becomes a
            // multiply and two multiply-adds (the same floats, VectorMath.divide); from step 16,628 on
            // that number rounds to 1 in float, and x / 1 is x exactly: nothing is done
            boolean divide = bc2 != 1f;
            int i = i0;
            for (; i < i0 + SPECIES.loopBound(i1 - i0); i += L) {
                FloatVector gv = FloatVector.fromArray(SPECIES, G, i);
                FloatVector mv = FloatVector.fromArray(SPECIES, M, i).mul(b1).add(gv.mul(oneMinusB1));
                FloatVector vv = FloatVector.fromArray(SPECIES, V, i).mul(b2).add(gv.mul(oneMinusB2).mul(gv));
                mv = mv.blend(0f, mv.abs().compare(VectorOperators.LT, Float.MIN_NORMAL)); // flushSubnormal
                vv = vv.blend(0f, vv.abs().compare(VectorOperators.LT, Float.MIN_NORMAL));
                FloatVector root = vv.sqrt();
                FloatVector denom = (divide ? VectorMath.divide(root, bc2, bc2Reciprocal) : root).add(e);
                FloatVector.fromArray(SPECIES, P, i).sub(mv.div(denom).mul(step)).intoArray(P, i);
                mv.intoArray(M, i);
                vv.intoArray(V, i);
            }
            for (; i < i1; i++) {
                M[i] = flushSubnormal(b1 * M[i] + oneMinusB1 * G[i]);
                V[i] = flushSubnormal(b2 * V[i] + oneMinusB2 * G[i] * G[i]);
                float denom = (float) Math.sqrt(V[i]) / bc2 + e;
                P[i] -= step * (M[i] / denom);
            }
        }
    }
    //< kernels-fast adam

    @Override
    public void close() {
        pool.close();
    }
}
