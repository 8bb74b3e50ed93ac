package vae.fast;

/**
 * A matrix read where it lies: element (r, c) at {@code data[r·rowStride + c·colStride]}. So one
 * array can be read as x, w, wᵀ, dy or dyᵀ without a copy, and a bias as a matrix whose rows are
 * all the same ({@code rowStride} 0).
 */
record Matrix(float[] data, int rowStride, int colStride) {

    /** A row-major matrix of {@code cols} columns. */
    static Matrix rowMajor(float[] data, int cols) {
        return new Matrix(data, cols, 1);
    }

    /** The transpose of a row-major matrix of {@code cols} columns: element (r, c) at {@code data[c·cols + r]}. */
    static Matrix transposed(float[] data, int cols) {
        return new Matrix(data, 1, cols);
    }

    /** A matrix whose every row is {@code row}: a bias added to each row, or zeros. */
    static Matrix everyRow(float[] row) {
        return new Matrix(row, 0, 1);
    }

    float at(int r, int c) {
        return data[r * rowStride + c * colStride];
    }
}
