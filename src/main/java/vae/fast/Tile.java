package vae.fast;

/**
 * Where the micro-kernel puts a tile of C and where the tile's starting values (C0) come from:
 * its first row at {@code c[at ..]}, rows {@code rowStride} apart, and C0's first row at
 * {@code c0[c0At ..]}, rows {@code c0RowStride} apart. C0 may be C itself (to accumulate), the same
 * row for every row (a bias, {@code c0RowStride} 0) or zeros.
 */
record Tile(float[] c, int at, int rowStride, float[] c0, int c0At, int c0RowStride) {

    /** The tile from its row {@code r} on: the second half of a tile computed in two. */
    Tile fromRow(int r) {
        return new Tile(c, at + r * rowStride, rowStride, c0, c0At + r * c0RowStride, c0RowStride);
    }
}
