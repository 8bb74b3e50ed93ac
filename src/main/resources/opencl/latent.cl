// The VAE's latent layer, one work-item per element of a (B, Z) tensor, n = B·Z of them.

//> opencl reparameterize
// mu, logvar, eps and z are (B, Z): z = mu + eps·exp(logvar / 2)
__kernel void reparameterize(__global const float* mu, __global const float* logvar,
                             __global const float* eps, __global float* z, const int n) {
    const int i = get_global_id(0);
    if (i >= n) return;
    z[i] = mu[i] + eps[i] * exp(0.5f * logvar[i]);
}

// dz, logvar, eps, dmu and dlogvar are (B, Z): dmu = dz, dlogvar = dz·eps·exp(logvar / 2) / 2
__kernel void reparameterize_backward(__global const float* dz, __global const float* logvar,
                                      __global const float* eps, __global float* dmu,
                                      __global float* dlogvar, const int n) {
    const int i = get_global_id(0);
    if (i >= n) return;
    dmu[i] = dz[i];
    dlogvar[i] = dz[i] * eps[i] * exp(0.5f * logvar[i]) * 0.5f;
}
//< opencl reparameterize
