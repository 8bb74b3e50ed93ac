// The linear layer's three matrix products, each twice: a naive kernel (one work-item per output,
// one plain loop: the definition) and a tiled one (the same sums, read from local memory).
// A weight w is (OUT, IN), as in PyTorch's nn.Linear. Every sum runs over k in increasing order,
// as the Java reference does, so the two versions differ only where the compiler fuses a
// multiply-add. TILE (16, or 8 on small devices) is set when the program is built.
// Grids are (columns, rows) of the output, rounded up to whole TILE × TILE work-groups: dimension 0
// runs along a row, so neighbouring work-items read neighbouring addresses.

//> opencl linear-forward-naive
// x is (B, IN), w is (OUT, IN), b is (1, OUT), y is (B, OUT): y = x·wᵀ + b
__kernel void linear_forward_naive(__global const float* x, __global const float* w,
                                   __global const float* b, __global float* y,
                                   const int B, const int IN, const int OUT) {
    const int o = get_global_id(0), r = get_global_id(1);
    if (o >= OUT || r >= B) return;
    float sum = b[o];
    for (int i = 0; i < IN; i++) {
        sum += x[r * IN + i] * w[o * IN + i];
    }
    y[r * OUT + o] = sum;
}
//< opencl linear-forward-naive

//> opencl linear-forward-tiled
// x is (B, IN), w is (OUT, IN), b is (1, OUT), y is (B, OUT): y = x·wᵀ + b
// A work-group of TILE × TILE items computes one TILE × TILE block of y. It walks along IN one
// tile at a time: each item copies one element of x and one of w into local memory, the group
// waits at a barrier, and then each item adds TILE products read from the fast local copies.
// Every element of x and w is read from global memory once per block instead of once per output.
// Items past the edge of the matrices load zeros (which add nothing) and write nothing.
__kernel void linear_forward_tiled(__global const float* x, __global const float* w,
                                   __global const float* b, __global float* y,
                                   const int B, const int IN, const int OUT) {
    const int tx = get_local_id(0), ty = get_local_id(1);
    const int o = get_global_id(0), r = get_global_id(1);
    const int o0 = get_group_id(0) * TILE;   // the block's first output column
    __local float xs[TILE][TILE];            // xs[row][k] = x[r0 + row, k0 + k]
    __local float ws[TILE][TILE + 1];        // ws[k][col] = w[o0 + col, k0 + k], stored transposed
                                             // so that neighbours read neighbours; +1: no bank conflicts
    float sum = o < OUT ? b[o] : 0.0f;
    for (int k0 = 0; k0 < IN; k0 += TILE) {
        xs[ty][tx] = r < B && k0 + tx < IN ? x[r * IN + k0 + tx] : 0.0f;
        ws[tx][ty] = o0 + ty < OUT && k0 + tx < IN ? w[(o0 + ty) * IN + k0 + tx] : 0.0f;
        barrier(CLK_LOCAL_MEM_FENCE);        // the tiles are full
        for (int k = 0; k < TILE; k++) {
            sum += xs[ty][k] * ws[k][tx];
        }
        barrier(CLK_LOCAL_MEM_FENCE);        // everyone is done with them
    }
    if (r < B && o < OUT) {
        y[r * OUT + o] = sum;
    }
}
//< opencl linear-forward-tiled

//> opencl linear-backward-input-naive
// dy is (B, OUT), w is (OUT, IN), dx is (B, IN): dx = dy·w, or dx += dy·w when accumulate
__kernel void linear_backward_input_naive(__global const float* dy, __global const float* w,
                                          __global float* dx, const int B, const int IN,
                                          const int OUT, const int accumulate) {
    const int i = get_global_id(0), r = get_global_id(1);
    if (i >= IN || r >= B) return;
    float sum = 0.0f;
    for (int o = 0; o < OUT; o++) {
        sum += dy[r * OUT + o] * w[o * IN + i];
    }
    dx[r * IN + i] = accumulate ? dx[r * IN + i] + sum : sum;
}
//< opencl linear-backward-input-naive

//> opencl linear-backward-input-tiled
// dy is (B, OUT), w is (OUT, IN), dx is (B, IN): dx = dy·w, or dx += dy·w when accumulate
// As the forward tile, walking along OUT: a block of dy's rows times a block of w's columns.
__kernel void linear_backward_input_tiled(__global const float* dy, __global const float* w,
                                          __global float* dx, const int B, const int IN,
                                          const int OUT, const int accumulate) {
    const int tx = get_local_id(0), ty = get_local_id(1);
    const int i = get_global_id(0), r = get_global_id(1);
    __local float dys[TILE][TILE];           // dys[row][k] = dy[r0 + row, k0 + k]
    __local float ws[TILE][TILE];            // ws[k][col]  = w[k0 + k, i0 + col]
    float sum = 0.0f;
    for (int k0 = 0; k0 < OUT; k0 += TILE) {
        dys[ty][tx] = r < B && k0 + tx < OUT ? dy[r * OUT + k0 + tx] : 0.0f;
        ws[ty][tx] = k0 + ty < OUT && i < IN ? w[(k0 + ty) * IN + i] : 0.0f;
        barrier(CLK_LOCAL_MEM_FENCE);
        for (int k = 0; k < TILE; k++) {
            sum += dys[ty][k] * ws[k][tx];
        }
        barrier(CLK_LOCAL_MEM_FENCE);
    }
    if (r < B && i < IN) {
        dx[r * IN + i] = accumulate ? dx[r * IN + i] + sum : sum;
    }
}
//< opencl linear-backward-input-tiled

//> opencl linear-backward-weight-naive
// dy is (B, OUT), x is (B, IN), dw is (OUT, IN): dw = dyᵀ·x
__kernel void linear_backward_weight_naive(__global const float* dy, __global const float* x,
                                           __global float* dw, const int B, const int IN,
                                           const int OUT) {
    const int i = get_global_id(0), o = get_global_id(1);
    if (i >= IN || o >= OUT) return;
    float sum = 0.0f;
    for (int r = 0; r < B; r++) {
        sum += dy[r * OUT + o] * x[r * IN + i];
    }
    dw[o * IN + i] = sum;
}
//< opencl linear-backward-weight-naive

//> opencl linear-backward-weight-tiled
// dy is (B, OUT), x is (B, IN), dw is (OUT, IN): dw = dyᵀ·x
// As the forward tile, walking down the B rows: a block of dy's columns times a block of x's.
__kernel void linear_backward_weight_tiled(__global const float* dy, __global const float* x,
                                           __global float* dw, const int B, const int IN,
                                           const int OUT) {
    const int tx = get_local_id(0), ty = get_local_id(1);
    const int i = get_global_id(0), o = get_global_id(1);
    const int o0 = get_group_id(1) * TILE;   // the block's first row of dw
    __local float dys[TILE][TILE];           // dys[k][row] = dy[k0 + k, o0 + row]
    __local float xs[TILE][TILE];            // xs[k][col]  = x[k0 + k, i0 + col]
    float sum = 0.0f;
    for (int k0 = 0; k0 < B; k0 += TILE) {
        dys[ty][tx] = k0 + ty < B && o0 + tx < OUT ? dy[(k0 + ty) * OUT + o0 + tx] : 0.0f;
        xs[ty][tx] = k0 + ty < B && i < IN ? x[(k0 + ty) * IN + i] : 0.0f;
        barrier(CLK_LOCAL_MEM_FENCE);
        for (int k = 0; k < TILE; k++) {
            sum += dys[k][ty] * xs[k][tx];
        }
        barrier(CLK_LOCAL_MEM_FENCE);
    }
    if (o < OUT && i < IN) {
        dw[o * IN + i] = sum;
    }
}
//< opencl linear-backward-weight-tiled

//> opencl linear-backward-bias
// dy is (B, OUT), db is (1, OUT): db = Σ_rows dy, one work-item per column, rows in order
__kernel void linear_backward_bias(__global const float* dy, __global float* db,
                                   const int B, const int OUT) {
    const int o = get_global_id(0);
    if (o >= OUT) return;
    float sum = 0.0f;
    for (int r = 0; r < B; r++) {
        sum += dy[r * OUT + o];
    }
    db[o] = sum;
}
//< opencl linear-backward-bias
