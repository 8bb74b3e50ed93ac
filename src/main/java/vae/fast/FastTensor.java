package vae.fast;

import vae.tensor.HostTensor;
import vae.tensor.Tensor;

//> tensor panels
/**
 * A tensor of the fast kernels: a {@code float[]}, row-major like any tensor, until the kernels
 * first multiply by it as a weight {@code w (OUT, IN)} wider than {@link MatMul#NARROW} both ways.
 * Then it is laid out, once and for good, in the panels its forward product reads: that product
 * multiplies by {@code wᵀ (IN, OUT)}, and {@link Packing#packB} would otherwise copy {@code wᵀ}
 * into panels of {@code MatMul.NR} columns (units: 48 with AVX-512, 16 with AVX2) at every call,
 * each row of a panel gathered from as many rows of w. In panels, w is read in place; its
 * gradient is written in the same layout ({@code dwᵀ = xᵀ·dy}, panel by panel), and Adam, which
 * updates each element on its own, does not care where an element lies as long as the weight, its
 * gradient and its two moments agree (it lays the last three out as the first). Only upload and
 * download (initialisation, checkpoints, tests) go through the row-major order.
 *
 * <p>In panels, element (o, i) lies at {@code data[PANELS_START + n·IN + i·w + (o - n)]}, where
 * {@code [n, n + w)} is the panel of units that holds o: NR units wide, the last ones one vector.
 * The floats before PANELS_START and past the last unit stay zero.
 */
public final class FastTensor extends Tensor {
    private float[] data;
    private boolean inPanels;

    FastTensor(int rows, int cols) {
        super(rows, cols);
        this.data = new float[rows * cols];
    }

    /** Whether a weight of this shape is kept in panels once multiplied: wider than NARROW both ways. */
    static boolean panelShaped(Tensor w) {
        return w.rows > MatMul.NARROW && w.cols > MatMul.NARROW;
    }

    boolean inPanels() {
        return inPanels;
    }

    /** The floats, in whichever layout the tensor is in now. */
    float[] data() {
        return data;
    }

    /** Moves the elements into panels, if they are not there yet. */
    void layOutInPanels() {
        if (inPanels) {
            return;
        }
        float[] panels = new float[Packing.packedSize(cols, rows)];
        for (int o = 0; o < rows; o++) {
            for (int i = 0; i < cols; i++) {
                panels[panelIndex(o, i, rows, cols)] = data[o * cols + i];
            }
        }
        data = panels;
        inPanels = true;
    }

    //> tensor panels-of
    /**
     * The panels of a weight w, laying it out in them first if it is of a panel shape; null for a
     * weight that stays row-major (a narrow one, or a {@link HostTensor} someone else made).
     */
    static float[] panels(Tensor w) {
        if (w instanceof FastTensor f && panelShaped(f)) {
            f.layOutInPanels();
            return f.data;
        }
        return null;
    }
    //< tensor panels-of

    /** The array behind a row-major tensor: a {@link HostTensor}, or a FastTensor not in panels. */
    static float[] rowMajor(Tensor t) {
        if (t instanceof HostTensor h) {
            return h.data;
        }
        if (t instanceof FastTensor f && !f.inPanels) {
            return f.data;
        }
        throw new IllegalArgumentException("expected a row-major tensor, got " + t
                + (t instanceof FastTensor ? ", a weight in panels" : ", a " + t.getClass().getSimpleName()));
    }

    /** Where element (r, c) lies in {@link #data}, in the present layout. */
    int index(int r, int c) {
        return inPanels ? panelIndex(r, c, rows, cols) : r * cols + c;
    }

    /** Where element (o, i) of an (OUT, IN) weight in panels lies in its array. */
    static int panelIndex(int o, int i, int OUT, int IN) {
        int n = Packing.panelOf(o, OUT), w = Packing.panelWidth(n, OUT);
        return Packing.PANELS_START + n * IN + i * w + (o - n);
    }
}
//< tensor panels
