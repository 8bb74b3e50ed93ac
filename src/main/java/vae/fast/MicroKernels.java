package vae.fast;

import static vae.fast.MatMul.L;
import static vae.fast.MatMul.MR;
import static vae.fast.MatMul.NV;
import static vae.fast.MatMul.SPECIES;

import jdk.incubator.vector.FloatVector;

/**
 * The micro-kernels: each computes one tile of C, MR = 8 rows by one to three vectors, as
 * {@code C0 + A·B} over a range of A's columns, its sums kept in registers from the first
 * multiply-add to the store. A is a packed {@link Strip}, B a panel of {@link Packing#packB}.
 * Every sum is a chain of fused multiply-adds in the order of k, as {@link MatMul#multiplyNaive}
 * defines it.
 */
final class MicroKernels {

    private MicroKernels() {
    }

    // The micro-kernel for a panel w wide, over the strip's runs of columns (none: C is C0). One
    // run, as for a dense operand, is a plain loop from k0 to k1; several go through the kernels
    // that jump from run to run in the same loop, the sums staying in registers. Where the tile is
    // two vectors wide, it is computed in two halves of four rows (see MatMul.tileVectors).
    static void tile(int w, Strip a, float[] bPanel, int bAt, Tile t) {
        float[] aStrip = a.columns();
        int aColumn = a.at(), runCount = a.runCount(), ri = a.runsAt();
        int[] runs = a.runs();
        if (runCount <= 1) {
            int k0 = runCount == 0 ? 0 : runs[ri], k1 = runCount == 0 ? 0 : runs[ri + 1];
            if (w == L) {
                kernel8x1(aStrip, aColumn, bPanel, bAt, k0, k1, t);
            } else if (NV == 2) {
                kernel4x2(aStrip, aColumn, bPanel, bAt, k0, k1, t);
                kernel4x2(aStrip, aColumn + 4, bPanel, bAt, k0, k1, t.fromRow(4));
            } else {
                kernel8x3(aStrip, aColumn, bPanel, bAt, k0, k1, t);
            }
        } else if (w == L) {
            kernel8x1Runs(aStrip, aColumn, bPanel, bAt, runs, ri, runCount, t);
        } else if (NV == 2) {
            kernel4x2Runs(aStrip, aColumn, bPanel, bAt, runs, ri, runCount, t);
            kernel4x2Runs(aStrip, aColumn + 4, bPanel, bAt, runs, ri, runCount, t.fromRow(4));
        } else {
            kernel8x3Runs(aStrip, aColumn, bPanel, bAt, runs, ri, runCount, t);
        }
    }

    // Half of an 8×2 tile: rows 0-3 of the strip at aStrip[aAt ..], or rows 4-7 at aStrip[aAt + 4 ..] (its
    // columns still MR floats apart), against a panel two vectors wide; 8 accumulators. For
    // machines with 16 vector registers, where 8×2 in one piece (19 registers) spills.
    static void kernel4x2(float[] aStrip, int aAt, float[] bPanel, int bAt, int k0, int k1, Tile t) {
        float[] c = t.c(), c0 = t.c0();
        int cAt = t.at(), cRow = t.rowStride(), c0At = t.c0At(), c0Row = t.c0RowStride();
        int i0 = c0At, i1 = i0 + c0Row, i2 = i1 + c0Row, i3 = i2 + c0Row;
        FloatVector s00 = FloatVector.fromArray(SPECIES, c0, i0), s01 = FloatVector.fromArray(SPECIES, c0, i0 + L);
        FloatVector s10 = FloatVector.fromArray(SPECIES, c0, i1), s11 = FloatVector.fromArray(SPECIES, c0, i1 + L);
        FloatVector s20 = FloatVector.fromArray(SPECIES, c0, i2), s21 = FloatVector.fromArray(SPECIES, c0, i2 + L);
        FloatVector s30 = FloatVector.fromArray(SPECIES, c0, i3), s31 = FloatVector.fromArray(SPECIES, c0, i3 + L);
        for (int k = k0; k < k1; k++) {
            int aColumn = aAt + k * MR, bRowAt = bAt + k * 2 * L;
            FloatVector b0 = FloatVector.fromArray(SPECIES, bPanel, bRowAt), b1 = FloatVector.fromArray(SPECIES, bPanel, bRowAt + L);
            FloatVector x = FloatVector.broadcast(SPECIES, aStrip[aColumn]);
            s00 = x.fma(b0, s00); s01 = x.fma(b1, s01);
            x = FloatVector.broadcast(SPECIES, aStrip[aColumn + 1]);
            s10 = x.fma(b0, s10); s11 = x.fma(b1, s11);
            x = FloatVector.broadcast(SPECIES, aStrip[aColumn + 2]);
            s20 = x.fma(b0, s20); s21 = x.fma(b1, s21);
            x = FloatVector.broadcast(SPECIES, aStrip[aColumn + 3]);
            s30 = x.fma(b0, s30); s31 = x.fma(b1, s31);
        }
        int o0 = cAt, o1 = o0 + cRow, o2 = o1 + cRow, o3 = o2 + cRow;
        s00.intoArray(c, o0); s01.intoArray(c, o0 + L);
        s10.intoArray(c, o1); s11.intoArray(c, o1 + L);
        s20.intoArray(c, o2); s21.intoArray(c, o2 + L);
        s30.intoArray(c, o3); s31.intoArray(c, o3 + L);
    }

    //> kernels-fast micro-kernel-runs
    // kernel4x2 over the strip's runs of columns, the pairs runs[r0 ..] = [start, end), each an even
    // number of columns long (Packing.packA makes them so), two columns a step: where a run
    // ends, k jumps to the next one's start, and the sums stay in registers from the first run to the last
    static void kernel4x2Runs(float[] aStrip, int aAt, float[] bPanel, int bAt, int[] runs, int r0, int runCount, Tile t) {
        float[] c0 = t.c0();                          // where C goes is read after the loop: fewer
        int c0At = t.c0At(), c0Row = t.c0RowStride();  // values held through it (6% faster alone, JDK 25)
        int i0 = c0At, i1 = i0 + c0Row, i2 = i1 + c0Row, i3 = i2 + c0Row;
        FloatVector s00 = FloatVector.fromArray(SPECIES, c0, i0), s01 = FloatVector.fromArray(SPECIES, c0, i0 + L);
        FloatVector s10 = FloatVector.fromArray(SPECIES, c0, i1), s11 = FloatVector.fromArray(SPECIES, c0, i1 + L);
        FloatVector s20 = FloatVector.fromArray(SPECIES, c0, i2), s21 = FloatVector.fromArray(SPECIES, c0, i2 + L);
        FloatVector s30 = FloatVector.fromArray(SPECIES, c0, i3), s31 = FloatVector.fromArray(SPECIES, c0, i3 + L);
        int r = r0, rEnd = r0 + 2 * runCount;
        int k = runs[r], end = runs[r + 1];
        while (k < end) {
            int aColumn = aAt + k * MR, bRowAt = bAt + k * 2 * L;
            FloatVector b0 = FloatVector.fromArray(SPECIES, bPanel, bRowAt), b1 = FloatVector.fromArray(SPECIES, bPanel, bRowAt + L);
            FloatVector x = FloatVector.broadcast(SPECIES, aStrip[aColumn]);
            s00 = x.fma(b0, s00); s01 = x.fma(b1, s01);
            x = FloatVector.broadcast(SPECIES, aStrip[aColumn + 1]);
            s10 = x.fma(b0, s10); s11 = x.fma(b1, s11);
            x = FloatVector.broadcast(SPECIES, aStrip[aColumn + 2]);
            s20 = x.fma(b0, s20); s21 = x.fma(b1, s21);
            x = FloatVector.broadcast(SPECIES, aStrip[aColumn + 3]);
            s30 = x.fma(b0, s30); s31 = x.fma(b1, s31);
            b0 = FloatVector.fromArray(SPECIES, bPanel, bRowAt + 2 * L);       // column k + 1
            b1 = FloatVector.fromArray(SPECIES, bPanel, bRowAt + 3 * L);
            x = FloatVector.broadcast(SPECIES, aStrip[aColumn + MR]);
            s00 = x.fma(b0, s00); s01 = x.fma(b1, s01);
            x = FloatVector.broadcast(SPECIES, aStrip[aColumn + MR + 1]);
            s10 = x.fma(b0, s10); s11 = x.fma(b1, s11);
            x = FloatVector.broadcast(SPECIES, aStrip[aColumn + MR + 2]);
            s20 = x.fma(b0, s20); s21 = x.fma(b1, s21);
            x = FloatVector.broadcast(SPECIES, aStrip[aColumn + MR + 3]);
            s30 = x.fma(b0, s30); s31 = x.fma(b1, s31);
            k += 2;
            if (k == end && (r += 2) < rEnd) {        // the run ends: on to the next
                k = runs[r];
                end = runs[r + 1];
            }
        }
        float[] c = t.c();
        int cAt = t.at(), cRow = t.rowStride();
        int o0 = cAt, o1 = o0 + cRow, o2 = o1 + cRow, o3 = o2 + cRow;
        s00.intoArray(c, o0); s01.intoArray(c, o0 + L);
        s10.intoArray(c, o1); s11.intoArray(c, o1 + L);
        s20.intoArray(c, o2); s21.intoArray(c, o2 + L);
        s30.intoArray(c, o3); s31.intoArray(c, o3 + L);
    }
    //< kernels-fast micro-kernel-runs

    //> kernels-fast micro-kernel
    // c[cAt ..] (8 rows of stride cRow, 3 vectors wide) = c0[c0At ..] (row stride c0Row) + A · B over the
    // columns k0 ≤ k < k1 of A, where aStrip[aAt ..] holds the 8 rows of A as columns of 8 and bPanel[bAt ..]
    // the panel of B as rows of 3 vectors.
    // 24 accumulators stay in registers; each step loads 3 vectors of B, broadcasts 8 numbers of A
    // and does 24 fused multiply-adds.
    static void kernel8x3(float[] aStrip, int aAt, float[] bPanel, int bAt, int k0, int k1, Tile t) {
        float[] c = t.c(), c0 = t.c0();
        int cAt = t.at(), cRow = t.rowStride(), c0At = t.c0At(), c0Row = t.c0RowStride();
        int i0 = c0At, i1 = i0 + c0Row, i2 = i1 + c0Row, i3 = i2 + c0Row, i4 = i3 + c0Row, i5 = i4 + c0Row, i6 = i5 + c0Row, i7 = i6 + c0Row;
        FloatVector s00 = FloatVector.fromArray(SPECIES, c0, i0), s01 = FloatVector.fromArray(SPECIES, c0, i0 + L), s02 = FloatVector.fromArray(SPECIES, c0, i0 + 2 * L);
        FloatVector s10 = FloatVector.fromArray(SPECIES, c0, i1), s11 = FloatVector.fromArray(SPECIES, c0, i1 + L), s12 = FloatVector.fromArray(SPECIES, c0, i1 + 2 * L);
        FloatVector s20 = FloatVector.fromArray(SPECIES, c0, i2), s21 = FloatVector.fromArray(SPECIES, c0, i2 + L), s22 = FloatVector.fromArray(SPECIES, c0, i2 + 2 * L);
        FloatVector s30 = FloatVector.fromArray(SPECIES, c0, i3), s31 = FloatVector.fromArray(SPECIES, c0, i3 + L), s32 = FloatVector.fromArray(SPECIES, c0, i3 + 2 * L);
        FloatVector s40 = FloatVector.fromArray(SPECIES, c0, i4), s41 = FloatVector.fromArray(SPECIES, c0, i4 + L), s42 = FloatVector.fromArray(SPECIES, c0, i4 + 2 * L);
        FloatVector s50 = FloatVector.fromArray(SPECIES, c0, i5), s51 = FloatVector.fromArray(SPECIES, c0, i5 + L), s52 = FloatVector.fromArray(SPECIES, c0, i5 + 2 * L);
        FloatVector s60 = FloatVector.fromArray(SPECIES, c0, i6), s61 = FloatVector.fromArray(SPECIES, c0, i6 + L), s62 = FloatVector.fromArray(SPECIES, c0, i6 + 2 * L);
        FloatVector s70 = FloatVector.fromArray(SPECIES, c0, i7), s71 = FloatVector.fromArray(SPECIES, c0, i7 + L), s72 = FloatVector.fromArray(SPECIES, c0, i7 + 2 * L);
        for (int k = k0; k < k1; k++) {
            int aColumn = aAt + k * MR, bRowAt = bAt + k * 3 * L;
            FloatVector b0 = FloatVector.fromArray(SPECIES, bPanel, bRowAt), b1 = FloatVector.fromArray(SPECIES, bPanel, bRowAt + L), b2 = FloatVector.fromArray(SPECIES, bPanel, bRowAt + 2 * L);
            FloatVector x = FloatVector.broadcast(SPECIES, aStrip[aColumn]);
            s00 = x.fma(b0, s00); s01 = x.fma(b1, s01); s02 = x.fma(b2, s02);
            x = FloatVector.broadcast(SPECIES, aStrip[aColumn + 1]);
            s10 = x.fma(b0, s10); s11 = x.fma(b1, s11); s12 = x.fma(b2, s12);
            x = FloatVector.broadcast(SPECIES, aStrip[aColumn + 2]);
            s20 = x.fma(b0, s20); s21 = x.fma(b1, s21); s22 = x.fma(b2, s22);
            x = FloatVector.broadcast(SPECIES, aStrip[aColumn + 3]);
            s30 = x.fma(b0, s30); s31 = x.fma(b1, s31); s32 = x.fma(b2, s32);
            x = FloatVector.broadcast(SPECIES, aStrip[aColumn + 4]);
            s40 = x.fma(b0, s40); s41 = x.fma(b1, s41); s42 = x.fma(b2, s42);
            x = FloatVector.broadcast(SPECIES, aStrip[aColumn + 5]);
            s50 = x.fma(b0, s50); s51 = x.fma(b1, s51); s52 = x.fma(b2, s52);
            x = FloatVector.broadcast(SPECIES, aStrip[aColumn + 6]);
            s60 = x.fma(b0, s60); s61 = x.fma(b1, s61); s62 = x.fma(b2, s62);
            x = FloatVector.broadcast(SPECIES, aStrip[aColumn + 7]);
            s70 = x.fma(b0, s70); s71 = x.fma(b1, s71); s72 = x.fma(b2, s72);
        }
        int o0 = cAt, o1 = o0 + cRow, o2 = o1 + cRow, o3 = o2 + cRow, o4 = o3 + cRow, o5 = o4 + cRow, o6 = o5 + cRow, o7 = o6 + cRow;
        s00.intoArray(c, o0); s01.intoArray(c, o0 + L); s02.intoArray(c, o0 + 2 * L);
        s10.intoArray(c, o1); s11.intoArray(c, o1 + L); s12.intoArray(c, o1 + 2 * L);
        s20.intoArray(c, o2); s21.intoArray(c, o2 + L); s22.intoArray(c, o2 + 2 * L);
        s30.intoArray(c, o3); s31.intoArray(c, o3 + L); s32.intoArray(c, o3 + 2 * L);
        s40.intoArray(c, o4); s41.intoArray(c, o4 + L); s42.intoArray(c, o4 + 2 * L);
        s50.intoArray(c, o5); s51.intoArray(c, o5 + L); s52.intoArray(c, o5 + 2 * L);
        s60.intoArray(c, o6); s61.intoArray(c, o6 + L); s62.intoArray(c, o6 + 2 * L);
        s70.intoArray(c, o7); s71.intoArray(c, o7 + L); s72.intoArray(c, o7 + 2 * L);
    }
    //< kernels-fast micro-kernel

    // the same, one vector wide: the last panels of B
    static void kernel8x1(float[] aStrip, int aAt, float[] bPanel, int bAt, int k0, int k1, Tile t) {
        float[] c = t.c(), c0 = t.c0();
        int cAt = t.at(), cRow = t.rowStride(), c0At = t.c0At(), c0Row = t.c0RowStride();
        FloatVector s0 = FloatVector.fromArray(SPECIES, c0, c0At), s1 = FloatVector.fromArray(SPECIES, c0, c0At + c0Row);
        FloatVector s2 = FloatVector.fromArray(SPECIES, c0, c0At + 2 * c0Row), s3 = FloatVector.fromArray(SPECIES, c0, c0At + 3 * c0Row);
        FloatVector s4 = FloatVector.fromArray(SPECIES, c0, c0At + 4 * c0Row), s5 = FloatVector.fromArray(SPECIES, c0, c0At + 5 * c0Row);
        FloatVector s6 = FloatVector.fromArray(SPECIES, c0, c0At + 6 * c0Row), s7 = FloatVector.fromArray(SPECIES, c0, c0At + 7 * c0Row);
        for (int k = k0; k < k1; k++) {
            int aColumn = aAt + k * MR;
            FloatVector b0 = FloatVector.fromArray(SPECIES, bPanel, bAt + k * L);
            s0 = FloatVector.broadcast(SPECIES, aStrip[aColumn]).fma(b0, s0);
            s1 = FloatVector.broadcast(SPECIES, aStrip[aColumn + 1]).fma(b0, s1);
            s2 = FloatVector.broadcast(SPECIES, aStrip[aColumn + 2]).fma(b0, s2);
            s3 = FloatVector.broadcast(SPECIES, aStrip[aColumn + 3]).fma(b0, s3);
            s4 = FloatVector.broadcast(SPECIES, aStrip[aColumn + 4]).fma(b0, s4);
            s5 = FloatVector.broadcast(SPECIES, aStrip[aColumn + 5]).fma(b0, s5);
            s6 = FloatVector.broadcast(SPECIES, aStrip[aColumn + 6]).fma(b0, s6);
            s7 = FloatVector.broadcast(SPECIES, aStrip[aColumn + 7]).fma(b0, s7);
        }
        s0.intoArray(c, cAt); s1.intoArray(c, cAt + cRow); s2.intoArray(c, cAt + 2 * cRow); s3.intoArray(c, cAt + 3 * cRow);
        s4.intoArray(c, cAt + 4 * cRow); s5.intoArray(c, cAt + 5 * cRow); s6.intoArray(c, cAt + 6 * cRow); s7.intoArray(c, cAt + 7 * cRow);
    }

    // The two kernels again, over the runs of columns that runs[r0 ..] lists (at least one): the same
    // multiply-adds in the same order, less those whose product is a zero. k jumps to the next run
    // within the one loop, so the sums stay in registers: an outer loop over the runs would carry
    // the vectors from one inner loop to the next, and the JIT may keep such vectors on the heap.
    // The plain kernels stay for a dense operand: their counted loop compiles without bounds checks.
    static void kernel8x1Runs(float[] aStrip, int aAt, float[] bPanel, int bAt, int[] runs, int r0, int runCount, Tile t) {
        float[] c = t.c(), c0 = t.c0();
        int cAt = t.at(), cRow = t.rowStride(), c0At = t.c0At(), c0Row = t.c0RowStride();
        FloatVector s0 = FloatVector.fromArray(SPECIES, c0, c0At), s1 = FloatVector.fromArray(SPECIES, c0, c0At + c0Row);
        FloatVector s2 = FloatVector.fromArray(SPECIES, c0, c0At + 2 * c0Row), s3 = FloatVector.fromArray(SPECIES, c0, c0At + 3 * c0Row);
        FloatVector s4 = FloatVector.fromArray(SPECIES, c0, c0At + 4 * c0Row), s5 = FloatVector.fromArray(SPECIES, c0, c0At + 5 * c0Row);
        FloatVector s6 = FloatVector.fromArray(SPECIES, c0, c0At + 6 * c0Row), s7 = FloatVector.fromArray(SPECIES, c0, c0At + 7 * c0Row);
        int r = r0, rEnd = r0 + 2 * runCount;
        int k = runs[r], end = runs[r + 1];
        while (k < end) {
            int aColumn = aAt + k * MR;
            FloatVector b0 = FloatVector.fromArray(SPECIES, bPanel, bAt + k * L);
            s0 = FloatVector.broadcast(SPECIES, aStrip[aColumn]).fma(b0, s0);
            s1 = FloatVector.broadcast(SPECIES, aStrip[aColumn + 1]).fma(b0, s1);
            s2 = FloatVector.broadcast(SPECIES, aStrip[aColumn + 2]).fma(b0, s2);
            s3 = FloatVector.broadcast(SPECIES, aStrip[aColumn + 3]).fma(b0, s3);
            s4 = FloatVector.broadcast(SPECIES, aStrip[aColumn + 4]).fma(b0, s4);
            s5 = FloatVector.broadcast(SPECIES, aStrip[aColumn + 5]).fma(b0, s5);
            s6 = FloatVector.broadcast(SPECIES, aStrip[aColumn + 6]).fma(b0, s6);
            s7 = FloatVector.broadcast(SPECIES, aStrip[aColumn + 7]).fma(b0, s7);
            if (++k == end && (r += 2) < rEnd) {      // the run ends: on to the next
                k = runs[r];
                end = runs[r + 1];
            }
        }
        s0.intoArray(c, cAt); s1.intoArray(c, cAt + cRow); s2.intoArray(c, cAt + 2 * cRow); s3.intoArray(c, cAt + 3 * cRow);
        s4.intoArray(c, cAt + 4 * cRow); s5.intoArray(c, cAt + 5 * cRow); s6.intoArray(c, cAt + 6 * cRow); s7.intoArray(c, cAt + 7 * cRow);
    }

    static void kernel8x3Runs(float[] aStrip, int aAt, float[] bPanel, int bAt, int[] runs, int r0, int runCount, Tile t) {
        float[] c = t.c(), c0 = t.c0();
        int cAt = t.at(), cRow = t.rowStride(), c0At = t.c0At(), c0Row = t.c0RowStride();
        int i0 = c0At, i1 = i0 + c0Row, i2 = i1 + c0Row, i3 = i2 + c0Row, i4 = i3 + c0Row, i5 = i4 + c0Row, i6 = i5 + c0Row, i7 = i6 + c0Row;
        FloatVector s00 = FloatVector.fromArray(SPECIES, c0, i0), s01 = FloatVector.fromArray(SPECIES, c0, i0 + L), s02 = FloatVector.fromArray(SPECIES, c0, i0 + 2 * L);
        FloatVector s10 = FloatVector.fromArray(SPECIES, c0, i1), s11 = FloatVector.fromArray(SPECIES, c0, i1 + L), s12 = FloatVector.fromArray(SPECIES, c0, i1 + 2 * L);
        FloatVector s20 = FloatVector.fromArray(SPECIES, c0, i2), s21 = FloatVector.fromArray(SPECIES, c0, i2 + L), s22 = FloatVector.fromArray(SPECIES, c0, i2 + 2 * L);
        FloatVector s30 = FloatVector.fromArray(SPECIES, c0, i3), s31 = FloatVector.fromArray(SPECIES, c0, i3 + L), s32 = FloatVector.fromArray(SPECIES, c0, i3 + 2 * L);
        FloatVector s40 = FloatVector.fromArray(SPECIES, c0, i4), s41 = FloatVector.fromArray(SPECIES, c0, i4 + L), s42 = FloatVector.fromArray(SPECIES, c0, i4 + 2 * L);
        FloatVector s50 = FloatVector.fromArray(SPECIES, c0, i5), s51 = FloatVector.fromArray(SPECIES, c0, i5 + L), s52 = FloatVector.fromArray(SPECIES, c0, i5 + 2 * L);
        FloatVector s60 = FloatVector.fromArray(SPECIES, c0, i6), s61 = FloatVector.fromArray(SPECIES, c0, i6 + L), s62 = FloatVector.fromArray(SPECIES, c0, i6 + 2 * L);
        FloatVector s70 = FloatVector.fromArray(SPECIES, c0, i7), s71 = FloatVector.fromArray(SPECIES, c0, i7 + L), s72 = FloatVector.fromArray(SPECIES, c0, i7 + 2 * L);
        int r = r0, rEnd = r0 + 2 * runCount;
        int k = runs[r], end = runs[r + 1];
        while (k < end) {
            int aColumn = aAt + k * MR, bRowAt = bAt + k * 3 * L;
            FloatVector b0 = FloatVector.fromArray(SPECIES, bPanel, bRowAt), b1 = FloatVector.fromArray(SPECIES, bPanel, bRowAt + L), b2 = FloatVector.fromArray(SPECIES, bPanel, bRowAt + 2 * L);
            FloatVector x = FloatVector.broadcast(SPECIES, aStrip[aColumn]);
            s00 = x.fma(b0, s00); s01 = x.fma(b1, s01); s02 = x.fma(b2, s02);
            x = FloatVector.broadcast(SPECIES, aStrip[aColumn + 1]);
            s10 = x.fma(b0, s10); s11 = x.fma(b1, s11); s12 = x.fma(b2, s12);
            x = FloatVector.broadcast(SPECIES, aStrip[aColumn + 2]);
            s20 = x.fma(b0, s20); s21 = x.fma(b1, s21); s22 = x.fma(b2, s22);
            x = FloatVector.broadcast(SPECIES, aStrip[aColumn + 3]);
            s30 = x.fma(b0, s30); s31 = x.fma(b1, s31); s32 = x.fma(b2, s32);
            x = FloatVector.broadcast(SPECIES, aStrip[aColumn + 4]);
            s40 = x.fma(b0, s40); s41 = x.fma(b1, s41); s42 = x.fma(b2, s42);
            x = FloatVector.broadcast(SPECIES, aStrip[aColumn + 5]);
            s50 = x.fma(b0, s50); s51 = x.fma(b1, s51); s52 = x.fma(b2, s52);
            x = FloatVector.broadcast(SPECIES, aStrip[aColumn + 6]);
            s60 = x.fma(b0, s60); s61 = x.fma(b1, s61); s62 = x.fma(b2, s62);
            x = FloatVector.broadcast(SPECIES, aStrip[aColumn + 7]);
            s70 = x.fma(b0, s70); s71 = x.fma(b1, s71); s72 = x.fma(b2, s72);
            if (++k == end && (r += 2) < rEnd) {      // the run ends: on to the next
                k = runs[r];
                end = runs[r + 1];
            }
        }
        int o0 = cAt, o1 = o0 + cRow, o2 = o1 + cRow, o3 = o2 + cRow, o4 = o3 + cRow, o5 = o4 + cRow, o6 = o5 + cRow, o7 = o6 + cRow;
        s00.intoArray(c, o0); s01.intoArray(c, o0 + L); s02.intoArray(c, o0 + 2 * L);
        s10.intoArray(c, o1); s11.intoArray(c, o1 + L); s12.intoArray(c, o1 + 2 * L);
        s20.intoArray(c, o2); s21.intoArray(c, o2 + L); s22.intoArray(c, o2 + 2 * L);
        s30.intoArray(c, o3); s31.intoArray(c, o3 + L); s32.intoArray(c, o3 + 2 * L);
        s40.intoArray(c, o4); s41.intoArray(c, o4 + L); s42.intoArray(c, o4 + 2 * L);
        s50.intoArray(c, o5); s51.intoArray(c, o5 + L); s52.intoArray(c, o5 + 2 * L);
        s60.intoArray(c, o6); s61.intoArray(c, o6 + L); s62.intoArray(c, o6 + 2 * L);
        s70.intoArray(c, o7); s71.intoArray(c, o7 + L); s72.intoArray(c, o7 + 2 * L);
    }

    // tile (8 rows of one vector) += A · B, where row i of A starts at a[rowAt[i]], its columns aK
    // apart, and bPanel[bAt ..] holds a vector of columns of B, its rows bRow apart
    static void kernel8x1InPlace(float[] a, int[] rowAt, int aK, float[] bPanel, int bAt, int bRow, float[] tile, int K) {
        int r0 = rowAt[0], r1 = rowAt[1], r2 = rowAt[2], r3 = rowAt[3], r4 = rowAt[4], r5 = rowAt[5], r6 = rowAt[6], r7 = rowAt[7];
        FloatVector s0 = FloatVector.fromArray(SPECIES, tile, 0), s1 = FloatVector.fromArray(SPECIES, tile, L);
        FloatVector s2 = FloatVector.fromArray(SPECIES, tile, 2 * L), s3 = FloatVector.fromArray(SPECIES, tile, 3 * L);
        FloatVector s4 = FloatVector.fromArray(SPECIES, tile, 4 * L), s5 = FloatVector.fromArray(SPECIES, tile, 5 * L);
        FloatVector s6 = FloatVector.fromArray(SPECIES, tile, 6 * L), s7 = FloatVector.fromArray(SPECIES, tile, 7 * L);
        for (int k = 0, ak = 0; k < K; k++, ak += aK) {
            FloatVector b0 = FloatVector.fromArray(SPECIES, bPanel, bAt + k * bRow);
            s0 = FloatVector.broadcast(SPECIES, a[r0 + ak]).fma(b0, s0);
            s1 = FloatVector.broadcast(SPECIES, a[r1 + ak]).fma(b0, s1);
            s2 = FloatVector.broadcast(SPECIES, a[r2 + ak]).fma(b0, s2);
            s3 = FloatVector.broadcast(SPECIES, a[r3 + ak]).fma(b0, s3);
            s4 = FloatVector.broadcast(SPECIES, a[r4 + ak]).fma(b0, s4);
            s5 = FloatVector.broadcast(SPECIES, a[r5 + ak]).fma(b0, s5);
            s6 = FloatVector.broadcast(SPECIES, a[r6 + ak]).fma(b0, s6);
            s7 = FloatVector.broadcast(SPECIES, a[r7 + ak]).fma(b0, s7);
        }
        s0.intoArray(tile, 0); s1.intoArray(tile, L); s2.intoArray(tile, 2 * L); s3.intoArray(tile, 3 * L);
        s4.intoArray(tile, 4 * L); s5.intoArray(tile, 5 * L); s6.intoArray(tile, 6 * L); s7.intoArray(tile, 7 * L);
    }

    // tile (4 rows of two vectors, 2·L floats a row, from tile[tAt]) += A · B, where row i of A starts at
    // a[ri], its columns aK apart, and bPanel[b0At ..] and bPanel[b1At ..] hold the two vectors of
    // columns of B, their rows b0Row and b1Row apart: 4 broadcasts and 2 loads for 8 multiply-adds,
    // where kernel8x1InPlace, called once a vector, needs 8 broadcasts and 1 load
    static void kernel4x2InPlace(float[] a, int r0, int r1, int r2, int r3, int aK,
                                 float[] bPanel, int b0At, int b0Row, int b1At, int b1Row, float[] tile, int tAt, int K) {
        int t0 = tAt, t1 = t0 + 2 * L, t2 = t1 + 2 * L, t3 = t2 + 2 * L;
        FloatVector s00 = FloatVector.fromArray(SPECIES, tile, t0), s01 = FloatVector.fromArray(SPECIES, tile, t0 + L);
        FloatVector s10 = FloatVector.fromArray(SPECIES, tile, t1), s11 = FloatVector.fromArray(SPECIES, tile, t1 + L);
        FloatVector s20 = FloatVector.fromArray(SPECIES, tile, t2), s21 = FloatVector.fromArray(SPECIES, tile, t2 + L);
        FloatVector s30 = FloatVector.fromArray(SPECIES, tile, t3), s31 = FloatVector.fromArray(SPECIES, tile, t3 + L);
        for (int k = 0; k < K; k++) {
            int ak = k * aK;
            FloatVector b0 = FloatVector.fromArray(SPECIES, bPanel, b0At + k * b0Row), b1 = FloatVector.fromArray(SPECIES, bPanel, b1At + k * b1Row);
            FloatVector x = FloatVector.broadcast(SPECIES, a[r0 + ak]);
            s00 = x.fma(b0, s00); s01 = x.fma(b1, s01);
            x = FloatVector.broadcast(SPECIES, a[r1 + ak]);
            s10 = x.fma(b0, s10); s11 = x.fma(b1, s11);
            x = FloatVector.broadcast(SPECIES, a[r2 + ak]);
            s20 = x.fma(b0, s20); s21 = x.fma(b1, s21);
            x = FloatVector.broadcast(SPECIES, a[r3 + ak]);
            s30 = x.fma(b0, s30); s31 = x.fma(b1, s31);
        }
        s00.intoArray(tile, t0); s01.intoArray(tile, t0 + L);
        s10.intoArray(tile, t1); s11.intoArray(tile, t1 + L);
        s20.intoArray(tile, t2); s21.intoArray(tile, t2 + L);
        s30.intoArray(tile, t3); s31.intoArray(tile, t3 + L);
    }
}
