package vae.fast;

/**
 * One matrix product {@code C (M, N) = C0 + A·B} but for A: B packed into panels
 * ({@link Packing#packB}), where C goes and where C0 comes from. C is row-major, rows
 * {@code cRowStride} apart, or in panels: laid out as packB lays out an (M, N) B, panel after
 * panel, which is the layout of a weight in panels' transpose ({@link FastTensor}), so that a
 * weight's gradient {@code dwᵀ = xᵀ·dy} goes straight into it.
 */
record Product(float[] packedB, Matrix c0, float[] c, int cRowStride, boolean cInPanels, int M, int N, int K) {

    /** C row-major, its rows cRowStride apart. */
    static Product rowMajor(float[] packedB, float[] c, int cRowStride, Matrix c0, int M, int N, int K) {
        return new Product(packedB, c0, c, cRowStride, false, M, N, K);
    }

    /** C in panels. */
    static Product inPanels(float[] packedB, float[] c, Matrix c0, int M, int N, int K) {
        return new Product(packedB, c0, c, 0, true, M, N, K);
    }

    /** Places t on the tile of C at row m and column n, w columns wide, and on its C0. */
    Tile place(Tile t, int m, int n, int w) {
        int c0Row = c0.rowStride(), c0At = m * c0Row + n;
        return cInPanels
                ? t.place(c, Packing.PANELS_START + n * M + m * w, w, c0.data(), c0At, c0Row)
                : t.place(c, m * cRowStride + n, cRowStride, c0.data(), c0At, c0Row);
    }
}
