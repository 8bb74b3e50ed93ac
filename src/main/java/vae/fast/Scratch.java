package vae.fast;

import static vae.fast.MatMul.L;
import static vae.fast.MatMul.MR;
import static vae.fast.MatMul.NR;

/**
 * The buffers of one thread's products: a strip of A and its runs of live columns, a strip of C
 * for listed rows, a tile of C for the edges, zeros, and gather maps. Each grows to the largest
 * size asked for and is then reused: a product allocates nothing.
 */
final class Scratch {
    private float[] a = new float[0];
    private int[] runs = new int[0];
    private float[] strip = new float[0];
    private float[] zeros = new float[0];
    final float[] tile = new float[MR * NR];
    final Tile tileOfC = new Tile(), tileOfBuffer = new Tile();   // where the micro-kernel's tile goes
    final int[] rowAt = new int[MR], rowOf = new int[MR];
    private final int[] strided = new int[Math.max(L, MR)], rowMap = new int[MR], pairMap = new int[2 * MR];
    private int stridedRow = -1;

    float[] a(int size) {
        if (a.length < size) {
            a = new float[size];
        }
        return a;
    }

    float[] strip(int size) {
        if (strip.length < size) {
            strip = new float[size];
        }
        return strip;
    }

    int[] runs(int size) {
        if (runs.length < size) {
            runs = new int[size];
        }
        return runs;
    }

    /** At least {@code n} zeros: a C0 of zeros, with row stride 0. */
    float[] zeros(int n) {
        if (zeros.length < n) {
            zeros = new float[n];
        }
        return zeros;
    }

    /** Lane {@code j} reads element {@code j·row}: the gather map of a column, or of rows {@code row} apart. */
    int[] strided(int row) {
        if (stridedRow != row) {
            for (int j = 0; j < strided.length; j++) {
                strided[j] = j * row;
            }
            stridedRow = row;
        }
        return strided;
    }

    /** Two columns of a strip in one gather: lane {@code i} reads {@code map[i]}, lane {@code MR + i} the same a column (colStride) further. */
    int[] pairMap(int[] map, int colStride) {
        for (int i = 0; i < MR; i++) {
            pairMap[i] = map[i];
            pairMap[MR + i] = map[i] + colStride;
        }
        return pairMap;
    }

    /** Lane {@code i} reads row {@code rowIds[r + i]}, rows {@code row} apart: the gather map of listed rows. */
    int[] rowMap(int[] rowIds, int r, int row) {
        for (int i = 0; i < MR; i++) {
            rowMap[i] = rowIds[r + i] * row;
        }
        return rowMap;
    }
}
