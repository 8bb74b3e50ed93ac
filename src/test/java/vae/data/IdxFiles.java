package vae.data;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

/** Small IDX files for the tests, built byte by byte; the data, command-line and fuzz tests share them. */
public final class IdxFiles {

    private IdxFiles() {
    }

    /** A header (magic, then one int per dimension, big-endian) followed by {@code data}. */
    public static byte[] idx(int magic, int[] dims, byte[] data) {
        ByteBuffer b = ByteBuffer.allocate(4 + 4 * dims.length + data.length);   // big-endian
        b.putInt(magic);
        for (int dim : dims) {
            b.putInt(dim);
        }
        b.put(data);
        return b.array();
    }

    /** {@code count} images of {@code rows x cols}, filled by {@link #pixels}. */
    public static byte[] images(int count, int rows, int cols) {
        return idx(IdxReader.IMAGES_MAGIC, new int[] {count, rows, cols}, pixels(count * rows * cols));
    }

    /** n bytes that differ from their neighbours: byte i is (i * 7 + 3) mod 256. */
    public static byte[] pixels(int n) {
        byte[] data = new byte[n];
        for (int i = 0; i < n; i++) {
            data[i] = (byte) (i * 7 + 3);
        }
        return data;
    }

    public static byte[] labels(int... digits) {
        byte[] data = new byte[digits.length];
        for (int i = 0; i < digits.length; i++) {
            data[i] = (byte) digits[i];
        }
        return idx(IdxReader.LABELS_MAGIC, new int[] {digits.length}, data);
    }

    public static byte[] gzip(byte[] bytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    static Path write(Path dir, String name, byte[] bytes) {
        try {
            return Files.write(dir.resolve(name), bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
