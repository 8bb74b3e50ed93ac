package vae.fast;

/**
 * Where the micro-kernel puts a tile of C and where the tile's starting values (C0) come from:
 * its first row at {@code c[at ..]}, rows {@code rowStride} apart, and C0's first row at
 * {@code c0[c0At ..]}, rows {@code c0RowStride} apart. C0 may be C itself (to accumulate), the same
 * row for every row (a bias, {@code c0RowStride} 0) or zeros.
 *
 * <p>A thread keeps one Tile ({@link Scratch}) and places it on tile after tile: the micro-kernel
 * runs thousands of times a product, and a product allocates nothing.
 */
final class Tile {
    private float[] c, c0;
    private int at, rowStride, c0At, c0RowStride;
    private Tile lowerRows;     // what fromRow places, kept for the next tile

    Tile place(float[] c, int at, int rowStride, float[] c0, int c0At, int c0RowStride) {
        this.c = c;
        this.at = at;
        this.rowStride = rowStride;
        this.c0 = c0;
        this.c0At = c0At;
        this.c0RowStride = c0RowStride;
        return this;
    }

    /** The tile from its row {@code r} on: the second half of a tile computed in two. */
    Tile fromRow(int r) {
        if (lowerRows == null) {
            lowerRows = new Tile();
        }
        return lowerRows.place(c, at + r * rowStride, rowStride, c0, c0At + r * c0RowStride, c0RowStride);
    }

    float[] c() {
        return c;
    }

    int at() {
        return at;
    }

    int rowStride() {
        return rowStride;
    }

    float[] c0() {
        return c0;
    }

    int c0At() {
        return c0At;
    }

    int c0RowStride() {
        return c0RowStride;
    }
}
