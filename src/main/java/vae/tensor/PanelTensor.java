package vae.tensor;

//> tensor panels
/**
 * A weight {@code w (OUT, IN)} kept in the layout its forward product reads. The product
 * {@code y = x·wᵀ} multiplies by {@code wᵀ (IN, OUT)}, and {@link MatMul#packB} would copy
 * {@code wᵀ} into panels of {@code MatMul.NR} columns (units: 48 with AVX-512, 16 with AVX2) at
 * every call, each row of a panel gathered from as many rows of w. Kept as those panels, w is
 * read in place: its gradient is written in the same layout ({@code dwᵀ = xᵀ·dy}, panel by
 * panel), and Adam, which updates each element on its own, does not
 * care where an element lies as long as the weight, its gradient and its two moments agree. Only
 * upload and download (initialisation, checkpoints, tests) go through the row-major order.
 *
 * <p>Element (o, i) lies at {@code data[BASE + n·IN + i·w + (o - n)]}, where {@code [n, n + w)}
 * is the panel of units that holds o: NR units wide, the last ones one vector. The floats before
 * BASE and past the last unit stay zero.
 */
final class PanelTensor extends Tensor {
    final float[] data;

    PanelTensor(int out, int in) {
        super(out, in);
        this.data = new float[MatMul.packedSize(in, out)];
    }

    /** Where element (o, i) of the weight lies in {@link #data}. */
    int index(int o, int i) {
        return index(o, i, rows, cols);
    }

    /** Where element (o, i) of an (OUT, IN) weight in panels lies in its array. */
    static int index(int o, int i, int OUT, int IN) {
        int n = MatMul.panelOf(o, OUT), w = MatMul.panelWidth(n, OUT);
        return MatMul.BASE + n * IN + i * w + (o - n);
    }
}
//< tensor panels
