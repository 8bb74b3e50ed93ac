package vae.fuzz;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vae.checkpoint.Checkpoint;
import vae.checkpoint.CheckpointException;
import vae.data.DataException;
import vae.data.IdxFiles;
import vae.data.IdxReader;

/**
 * A header that lies about its size is refused before anything big is allocated: the bytes this
 * thread allocates while reading the file are counted, and must stay far below what the header claims.
 */
class HugeHeaderTest {
    /** Buffers the readers use whatever the file (1 MiB for the file, 1 MiB for gzip), and a margin. */
    static final long SMALL = 8L << 20;

    @TempDir
    Path dir;

    @Test
    void idxClaiming2To31ImagesIsRefused() {
        // 0x80000000 images: an int that is negative when read as Java's int
        Path file = FuzzFiles.write(dir.resolve("train-images-idx3-ubyte"), header(IdxReader.IMAGES_MAGIC, 0x80000000, 28, 28));
        String message = refusedSmall(() -> assertThrows(DataException.class, () -> IdxReader.readImages(file)));
        assertTrue(message.contains("count = -2147483648, must be positive"), message);
    }

    @Test
    void idxClaiming2To31MinusOneImagesIsRefused() {
        Path file = FuzzFiles.write(dir.resolve("train-images-idx3-ubyte"), header(IdxReader.IMAGES_MAGIC, Integer.MAX_VALUE, 28, 28));
        String message = refusedSmall(() -> assertThrows(DataException.class, () -> IdxReader.readImages(file)));
        assertTrue(message.contains("more than the limit"), message);
    }

    @Test
    void gzippedIdxClaiming2To31MinusOneImagesIsRefused() {
        byte[] bytes = IdxFiles.gzip(header(IdxReader.IMAGES_MAGIC, Integer.MAX_VALUE, 28, 28));
        Path file = FuzzFiles.write(dir.resolve("train-images-idx3-ubyte.gz"), bytes);
        String message = refusedSmall(() -> assertThrows(DataException.class, () -> IdxReader.readImages(file)));
        assertTrue(message.contains("more than the limit"), message);
    }

    @Test
    void gzippedLabelsClaimingJustUnderTheLimitAllocateOnlyWhatArrives() {
        // a gzip stream's length is unknown until it ends, so the header cannot be checked against it:
        // the reader must grow its array with the bytes that arrive, not with what the header says
        ByteBuffer b = ByteBuffer.allocate(8 + 5).putInt(IdxReader.LABELS_MAGIC).putInt((int) IdxReader.MAX_DATA_BYTES);
        b.put(new byte[] {1, 2, 3, 4, 5});
        Path file = FuzzFiles.write(dir.resolve("train-labels-idx1-ubyte.gz"), IdxFiles.gzip(b.array()));
        String message = refusedSmall(() -> assertThrows(DataException.class, () -> IdxReader.readLabels(file)));
        assertTrue(message.contains("truncated"), message);
    }

    @Test
    void safetensorsClaimingA10GbHeaderInASmallFileIsRefused() {
        Path file = FuzzFiles.write(dir.resolve("vae.safetensors"), headerLength(10_000_000_000L, "{}"));
        String message = refusedSmall(() -> assertThrows(CheckpointException.class, () -> Checkpoint.load(file)));
        assertTrue(message.contains("header length 10000000000 is larger than the file"), message);
    }

    @Test
    void safetensorsWithA10GbHeaderIsRefusedEvenWhenTheFileIsThatLong() throws IOException {
        // a sparse file: 10 GB long, nearly all of it never written, so it takes no room on the disk
        Path file = dir.resolve("sparse.safetensors");
        Files.write(file, headerLength(10_000_000_000L, "{"));
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.setLength(8 + 10_000_000_000L);
        } catch (IOException e) {
            assumeTrue(false, "this file system cannot hold a sparse 10 GB file: " + e.getMessage());
        }
        String message = refusedSmall(() -> assertThrows(CheckpointException.class, () -> Checkpoint.load(file)));
        assertTrue(message.contains("header length 10000000000 is over the limit"), message);
    }

    @Test
    void safetensorsClaimingA2To31ElementTensorIsRefused() {
        long bytes = 4L * 65536 * 32767;
        String json = "{\"w\":{\"dtype\":\"F32\",\"shape\":[65536,32767],\"data_offsets\":[0," + bytes + "]}}";
        Path file = FuzzFiles.write(dir.resolve("big-tensor.safetensors"), headerLength(json.length(), json));
        String message = refusedSmall(() -> assertThrows(CheckpointException.class, () -> Checkpoint.load(file)));
        assertTrue(message.contains("past the end of the data section"), message);
    }

    // runs the read, checks what it allocated, and returns the one-line message it was refused with
    private static String refusedSmall(Supplier<RuntimeException> read) {
        long before = FuzzFiles.allocatedBytes();
        RuntimeException e = read.get();
        long allocated = FuzzFiles.allocatedBytes() - before;
        assertTrue(allocated < SMALL, "allocated " + allocated + " bytes to refuse the file: " + e.getMessage());
        assertTrue(!e.getMessage().contains("\n"), e.getMessage());
        return e.getMessage();
    }

    /** An IDX header alone: the magic number, then the dimensions, big-endian, and no data. */
    private static byte[] header(int magic, int... dims) {
        ByteBuffer b = ByteBuffer.allocate(4 + 4 * dims.length).putInt(magic);
        for (int dim : dims) {
            b.putInt(dim);
        }
        return b.array();
    }

    /** A safetensors start: any header length (little-endian), then the given JSON text. */
    private static byte[] headerLength(long length, String json) {
        byte[] text = json.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(8 + text.length).order(ByteOrder.LITTLE_ENDIAN).putLong(length).put(text).array();
    }
}
