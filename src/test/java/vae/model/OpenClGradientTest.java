package vae.model;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import vae.opencl.OpenClKernels;
import vae.opencl.OpenClPair;
import vae.opencl.OpenClKernels.Products;

/**
 * The numerical gradient check of the whole VAE ({@link VaeGradientTest}: every parameter tensor
 * against central differences of the double-precision {@link ReferenceVae}) with the model, the
 * loss and the backward pass running on the OpenCL kernels, with tiled and with naive products (the
 * seed's sizes, whose double-precision reference is slow, with the tiled ones only).
 */
class OpenClGradientTest extends OpenClPair {

    static Stream<Arguments> cases() {
        Stream<Arguments> small = Stream.of(Products.values()).flatMap(p -> Stream.of(
                Arguments.of(p, new VaeConfig(12, 9, 5, 2), 1),      // tiny: every entry
                Arguments.of(p, new VaeConfig(13, 7, 4, 3), 1),      // another shape, 3-D latent
                Arguments.of(p, new VaeConfig(40, 17, 16, 2), 1)));  // one past a tile
        return Stream.concat(small, Stream.of(
                Arguments.of(Products.TILED, VaeConfig.SEED, 997))); // the seed's sizes: a sample
    }

    @ParameterizedTest(name = "{0} {1} stride {2}")
    @MethodSource("cases")
    void everyParameterTensor(Products p, VaeConfig c, int stride) {
        new VaeGradientTest().everyParameterTensor(p == Products.TILED ? tiled : naive, c, stride);
    }
}
