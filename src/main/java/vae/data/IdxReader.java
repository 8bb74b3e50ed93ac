package vae.data;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reads an IDX file, the format MNIST comes in: a small big-endian header, then the raw bytes.
 *
 * <pre>
 * offset  type      content
 *  0      int32     magic number: 0x00000803 for images, 0x00000801 for labels
 *  4      int32     dimension 0: count
 *  8      int32     dimension 1: rows      (images only)
 * 12      int32     dimension 2: cols      (images only)
 * 16      uint8[]   count*rows*cols pixels, image after image, row after row (0 white .. 255 ink)
 *  8      uint8[]   for labels: count digits 0..9
 * </pre>
 *
 * The magic number's third byte is the element type (0x08, unsigned byte) and its last byte the
 * number of dimensions. The file may be gzip-compressed; it is recognised by its first two bytes
 * (0x1f 0x8b), not by its name.
 *
 * <p>Nothing in the file is trusted: every problem (empty file, broken gzip, wrong magic number,
 * a dimension that is not positive, a header claiming more than {@link #MAX_DATA_BYTES}, data
 * shorter or longer than the header says) ends in one {@link DataException} naming the file.
 * Memory is allocated only for bytes that have actually arrived, so a lying header costs nothing.
 */
public final class IdxReader {

    public static final int IMAGES_MAGIC = 0x00000803;
    public static final int LABELS_MAGIC = 0x00000801;

    /**
     * The most data a header may claim: 100,000,000 bytes, about twice MNIST's training images
     * (60000 x 28 x 28 = 47,040,000). A header claiming more is rejected before anything is read.
     */
    public static final long MAX_DATA_BYTES = 100_000_000L;

    private static final int CHUNK = 1 << 20;
    private static final String[] DIM_NAMES = {"count", "rows", "cols"};

    private IdxReader() {
    }

    /** An images file: dims are {@code [count, rows, cols]}. */
    public static IdxData readImages(Path file) {
        return read(file, IMAGES_MAGIC);
    }

    /** A labels file: dims are {@code [count]}. */
    public static IdxData readLabels(Path file) {
        return read(file, LABELS_MAGIC);
    }

    // Reads a file that must start with `magic`; throws DataException on any problem.
    private static IdxData read(Path file, int magic) {
        long fileSize = sizeOf(file);
        boolean gzip = isGzip(file);
        try (InputStream in = open(file, gzip)) {
            int[] dims = readHeader(file, in, magic);
            long expected = checkSize(file, dims);
            if (!gzip) {
                long found = fileSize - 4L * (1 + dims.length);     // the file minus its header
                if (found != expected) {
                    throw wrongLength(file, expected, found, dims);
                }
            }
            return new IdxData(dims, readData(file, in, expected, dims));
        } catch (ZipException e) {
            throw new DataException(file, "corrupt gzip stream (" + e.getMessage() + ")", e);
        } catch (EOFException e) {
            throw new DataException(file, "the gzip stream ends early: the file is truncated", e);
        } catch (IOException e) {
            throw new DataException(file, "cannot read (" + e + ")", e);
        }
    }

    // ---- the file itself --------------------------------------------------------------------

    private static long sizeOf(Path file) {
        if (Files.isDirectory(file)) {
            throw new DataException(file, "is a folder, expected an IDX file");
        }
        try {
            long size = Files.size(file);
            if (size == 0) {
                throw new DataException(file, "empty file (0 bytes)");
            }
            return size;
        } catch (NoSuchFileException e) {
            throw new DataException(file, "file not found", e);
        } catch (IOException e) {
            throw new DataException(file, "cannot read (" + e + ")", e);
        }
    }

    //> data gzip-detect
    // A gzip stream starts with the bytes 0x1f 0x8b; an IDX file starts with 0x00 0x00.
    private static boolean isGzip(Path file) {
        byte[] start = firstBytes(file, 2);
        boolean gzip = start.length == 2 && (start[0] & 0xFF) == 0x1f && (start[1] & 0xFF) == 0x8b;
        if (!gzip && file.getFileName().toString().endsWith(".gz")) {
            throw new DataException(file, "named .gz but not gzip-compressed (starts with 0x"
                    + hex(start) + ", gzip starts with 0x1f8b)");
        }
        return gzip;
    }

    private static InputStream open(Path file, boolean gzip) throws IOException {
        InputStream in = new BufferedInputStream(Files.newInputStream(file), CHUNK);
        return gzip ? new GZIPInputStream(in, CHUNK) : in;
    }
    //< data gzip-detect

    private static byte[] firstBytes(Path file, int n) {
        try (InputStream in = Files.newInputStream(file)) {
            return in.readNBytes(n);
        } catch (IOException e) {
            throw new DataException(file, "cannot read (" + e + ")", e);
        }
    }

    // ---- the header -------------------------------------------------------------------------

    //> data idx-header
    // The magic number, then one int per dimension: [count, rows, cols] for images, [count] for labels.
    private static int[] readHeader(Path file, InputStream in, int magic) throws IOException {
        int found = readInt(file, in);
        if (found != magic) {
            throw new DataException(file, String.format("wrong magic number 0x%08x, expected 0x%08x (%s)",
                    found, magic, describe(magic)));
        }
        int[] dims = new int[magic & 0xFF];             // the magic's last byte counts the dimensions
        for (int d = 0; d < dims.length; d++) {
            dims[d] = readInt(file, in);
            if (dims[d] <= 0) {
                throw new DataException(file, "header says " + DIM_NAMES[d] + " = " + dims[d]
                        + ", must be positive");
            }
        }
        return dims;
    }

    // Four bytes, most significant first (big-endian).
    private static int readInt(Path file, InputStream in) throws IOException {
        byte[] b = in.readNBytes(4);
        if (b.length < 4) {
            throw new DataException(file, "too short: the data ends inside the IDX header");
        }
        return (b[0] & 0xFF) << 24 | (b[1] & 0xFF) << 16 | (b[2] & 0xFF) << 8 | (b[3] & 0xFF);
    }
    //< data idx-header

    // The product of the dimensions, refused above MAX_DATA_BYTES (each step stays far below long's range).
    private static long checkSize(Path file, int[] dims) {
        long size = 1;
        for (int dim : dims) {
            size *= dim;
            if (size > MAX_DATA_BYTES) {
                throw new DataException(file, "header claims " + shape(dims) + " bytes of data, more than the limit of "
                        + MAX_DATA_BYTES);
            }
        }
        return size;
    }

    // ---- the data ---------------------------------------------------------------------------

    //> data idx-data
    // Reads exactly `expected` bytes. The array grows only as bytes arrive, so memory follows
    // what the file holds, not what its header claims; more or fewer bytes are an error.
    private static byte[] readData(Path file, InputStream in, long expected, int[] dims) throws IOException {
        byte[] data = new byte[(int) Math.min(expected, CHUNK)];
        int n = 0;
        while (n < expected) {
            if (n == data.length) {
                data = Arrays.copyOf(data, (int) Math.min(expected, 2L * n));
            }
            int got = in.read(data, n, data.length - n);
            if (got < 0) {
                throw wrongLength(file, expected, n, dims);              // fewer bytes than claimed
            }
            n += got;
        }
        long rest = countRest(in);
        if (rest > 0) {
            throw wrongLength(file, expected, expected + rest, dims);    // more bytes than claimed
        }
        return data;
    }
    //< data idx-data

    // Counts what is left in the stream, giving up a little after MAX_DATA_BYTES (a gzip bomb).
    private static long countRest(InputStream in) throws IOException {
        byte[] scratch = new byte[8192];
        long rest = 0;
        int got;
        while (rest <= MAX_DATA_BYTES && (got = in.read(scratch)) >= 0) {
            rest += got;
        }
        return rest;
    }

    private static DataException wrongLength(Path file, long expected, long found, int[] dims) {
        long extra = found - expected;
        String why = extra < 0 ? "the file is truncated" : extra + (extra == 1 ? " trailing byte" : " trailing bytes");
        return new DataException(file, "expected " + expected + " data bytes (" + shape(dims) + "), found "
                + found + ": " + why);
    }

    // ---- words for messages -----------------------------------------------------------------

    private static String describe(int magic) {
        return magic == IMAGES_MAGIC ? "IDX images" : magic == LABELS_MAGIC ? "IDX labels" : "IDX";
    }


    private static String shape(int[] dims) {
        StringBuilder s = new StringBuilder();
        for (int d = 0; d < dims.length; d++) {
            s.append(d == 0 ? "" : " x ").append(dims[d]);
        }
        return s.toString();
    }

    private static String hex(byte[] bytes) {
        StringBuilder s = new StringBuilder();
        for (byte b : bytes) {
            s.append(String.format("%02x", b & 0xFF));
        }
        return s.toString();
    }
}
