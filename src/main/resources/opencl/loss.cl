// The loss. A row's sum is shared by one work-group of ROW_GROUP items (a power of two, set when
// the program is built): item t adds the columns t, t + ROW_GROUP, t + 2·ROW_GROUP, ... in order,
// then the group adds its partial sums pairwise, always in the same tree. No atomics, no order
// left to chance: the same inputs give the same bits on every run.

//> opencl row-sum
// partial is (ROW_GROUP), one partial sum per item of the group; returns their total to every item
float row_sum(__local float* partial, const int t) {
    for (int n = ROW_GROUP / 2; n > 0; n /= 2) {
        barrier(CLK_LOCAL_MEM_FENCE);
        if (t < n) {
            partial[t] += partial[t + n];
        }
    }
    barrier(CLK_LOCAL_MEM_FENCE);
    return partial[0];
}
//< opencl row-sum

//> opencl bce
// logits, x and dlogits are (B, N), rowLoss is (B, 1); one work-group per row.
// rowLoss[r] = Σ_c max(a,0) - a·x + log(1 + exp(-|a|)) and dlogits = sigmoid(a) - x
__kernel void bce_with_logits(__global const float* logits, __global const float* x,
                              __global float* dlogits, __global float* rowLoss, const int N) {
    const int r = get_group_id(0), t = get_local_id(0);
    __local float partial[ROW_GROUP];
    float sum = 0.0f;
    for (int c = t; c < N; c += ROW_GROUP) {
        const float a = logits[r * N + c], target = x[r * N + c];
        sum += fmax(a, 0.0f) - a * target + log1p(exp(-fabs(a)));
        dlogits[r * N + c] = 1.0f / (1.0f + exp(-a)) - target;
    }
    partial[t] = sum;
    const float total = row_sum(partial, t);
    if (t == 0) {
        rowLoss[r] = total;
    }
}
//< opencl bce

//> opencl kl
// mu and logvar are (B, Z), rowKl is (B, 1); one work-group per row.
// rowKl[r] = -½ Σ_c (1 + logvar - mu² - exp(logvar))
__kernel void kl_forward(__global const float* mu, __global const float* logvar,
                         __global float* rowKl, const int Z) {
    const int r = get_group_id(0), t = get_local_id(0);
    __local float partial[ROW_GROUP];
    float sum = 0.0f;
    for (int c = t; c < Z; c += ROW_GROUP) {
        const float m = mu[r * Z + c], lv = logvar[r * Z + c];
        sum += 1.0f + lv - m * m - exp(lv);
    }
    partial[t] = sum;
    const float total = row_sum(partial, t);
    if (t == 0) {
        rowKl[r] = -0.5f * total;
    }
}

// mu, logvar, dmu and dlogvar are (B, Z), one work-item per element, n = B·Z; the gradients
// accumulate: dmu += mu, dlogvar += (exp(logvar) - 1) / 2
__kernel void kl_backward(__global const float* mu, __global const float* logvar,
                          __global float* dmu, __global float* dlogvar, const int n) {
    const int i = get_global_id(0);
    if (i >= n) return;
    dmu[i] += mu[i];
    dlogvar[i] += 0.5f * (exp(logvar[i]) - 1.0f);
}
//< opencl kl
