package vae.fast;

import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;
import vae.data.Mnist;

/**
 * Bytes to floats for {@link VectorKernels#uploadImages}, a vector of pixels at a time: each
 * byte widened to an int, masked to 0..255 (Java's byte is signed), converted to a float and
 * divided by 255 in float, so that every pixel is the same float as {@link Mnist#toFloat}'s.
 */
final class Pixels {
    private static final VectorSpecies<Float> FLOATS = VectorWidth.SPECIES;
    private static final VectorSpecies<Integer> INTS = VectorSpecies.of(int.class, FLOATS.vectorShape());
    private static final VectorSpecies<Byte> BYTES =   // a quarter as wide: the smallest shape is 64 bits
            VectorSpecies.of(byte.class, VectorShape.forBitSize(Math.max(64, FLOATS.vectorBitSize() / 4)));

    private Pixels() {
    }

    //> kernels-fast pixels
    // images holds P bytes an image; rows [k0, k1) of dst (count, P): row k = image order[from + k], byte / 255
    static void toFloats(byte[] images, int P, int[] order, int from, int k0, int k1, float[] dst) {
        int n = FLOATS.length();
        for (int k = k0; k < k1; k++) {
            int src = order[from + k] * P, p = 0;
            for (; p + BYTES.length() <= P; p += n) {
                IntVector bytes = (IntVector) ByteVector.fromArray(BYTES, images, src + p).convertShape(VectorOperators.B2I, INTS, 0);
                FloatVector pixels = (FloatVector) bytes.and(0xFF).convertShape(VectorOperators.I2F, FLOATS, 0);
                pixels.div(255f).intoArray(dst, k * P + p);
            }
            for (; p < P; p++) {
                dst[k * P + p] = Mnist.toFloat(images[src + p]);
            }
        }
    }
    //< kernels-fast pixels
}
