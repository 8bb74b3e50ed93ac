// The activations, one work-item per element of a (B, N) tensor, read as n = B·N floats in a row.
// The grid is rounded up to whole work-groups: items past n do nothing.

//> opencl relu
// y is (B, N), in place: y = max(y, 0) (a NaN stays NaN, as in Java's Math.max)
__kernel void relu_forward(__global float* y, const int n) {
    const int i = get_global_id(0);
    if (i >= n) return;
    y[i] = y[i] < 0.0f ? 0.0f : y[i];
}

// y is the ReLU's output and dy its gradient, both (B, N); in place: dy = y > 0 ? dy : 0
__kernel void relu_backward(__global const float* y, __global float* dy, const int n) {
    const int i = get_global_id(0);
    if (i >= n) return;
    dy[i] = y[i] > 0.0f ? dy[i] : 0.0f;
}
//< opencl relu

//> opencl sigmoid
// a and y are (B, N): y = 1 / (1 + exp(-a))
__kernel void sigmoid_forward(__global const float* a, __global float* y, const int n) {
    const int i = get_global_id(0);
    if (i >= n) return;
    y[i] = 1.0f / (1.0f + exp(-a[i]));
}

// y is the sigmoid's output, dy its gradient, da the input's gradient, all (B, N): da = dy·y·(1 - y)
__kernel void sigmoid_backward(__global const float* y, __global const float* dy, __global float* da,
                               const int n) {
    const int i = get_global_id(0);
    if (i >= n) return;
    da[i] = dy[i] * y[i] * (1.0f - y[i]);
}
//< opencl sigmoid
