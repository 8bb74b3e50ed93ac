// The optimiser, one work-item per parameter, n of them.

//> opencl adam
// p, g, m and v have the same shape. The caller turns the doubles of torch.optim.Adam into floats:
// b1 = β1, b2 = β2, c1 = 1 - β1, c2 = 1 - β2, step = lr / (1 - β1^t), bc2 = sqrt(1 - β2^t).
__kernel void adam_step(__global float* p, __global const float* g, __global float* m,
                        __global float* v, const float b1, const float b2, const float c1,
                        const float c2, const float eps, const float step, const float bc2,
                        const int n) {
    const int i = get_global_id(0);
    if (i >= n) return;
    // a subnormal moment becomes 0, as in ScalarKernels.flushSubnormal
    const float mi = b1 * m[i] + c1 * g[i];
    const float vi = b2 * v[i] + c2 * g[i] * g[i];
    m[i] = fabs(mi) < FLT_MIN ? 0.0f : mi;
    v[i] = fabs(vi) < FLT_MIN ? 0.0f : vi;
    const float denom = sqrt(v[i]) / bc2 + eps;
    p[i] -= step * (m[i] / denom);
}
//< opencl adam
