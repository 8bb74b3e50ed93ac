package vae.data;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Test images that hold every byte value, for the checks that turn bytes into floats (the
 * reference's {@link Mnist#copyImages}, the kernels' {@code uploadImages}): {@code count} images
 * of {@code P} pixels, enough for each of the 256 values to appear, and an order that takes them
 * backwards.
 */
public record EveryByteImages(byte[] bytes, int P, int count, int[] order) {

    /** Images of {@code side × side2} pixels: 256 / P + 2 of them, pixel i holding (byte) (7i + i / 256). */
    public static EveryByteImages of(int side, int side2) {
        int P = side * side2, count = 256 / P + 2;
        byte[] bytes = new byte[count * P];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) (i * 7 + i / 256);
        }
        int[] order = new int[count];
        for (int k = 0; k < count; k++) {
            order[k] = count - 1 - k;
        }
        return new EveryByteImages(bytes, P, count, order);
    }

    /** Checks that rows r of {@code got} hold image order[from + r], each byte / 255 in float. */
    public void assertQuotients(float[] got, int from, int rows, String what) {
        for (int r = 0; r < rows; r++) {
            for (int p = 0; p < P; p++) {
                int b = bytes[order[from + r] * P + p] & 0xFF;
                assertEquals(b / 255f, got[r * P + p], what + ": image " + order[from + r] + ", pixel " + p + ", byte " + b);
            }
        }
    }
}
