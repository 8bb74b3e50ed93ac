package vae.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static vae.data.IdxFiles.gzip;
import static vae.data.IdxFiles.idx;
import static vae.data.IdxFiles.images;
import static vae.data.IdxFiles.labels;
import static vae.data.IdxFiles.pixels;
import static vae.data.IdxFiles.write;

import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxReaderTest {

    @TempDir
    Path dir;

    // ---- good files -------------------------------------------------------------------------

    @Test
    void readsRawImages() {
        IdxData idx = IdxReader.readImages(write(dir, "images", images(2, 3, 4)));
        assertArrayEquals(new int[] {2, 3, 4}, idx.dims());
        assertEquals(2, idx.count());
        assertArrayEquals(pixels(24), idx.data());
    }

    @Test
    void readsGzipImages() {
        IdxData idx = IdxReader.readImages(write(dir, "images.gz", gzip(images(2, 3, 4))));
        assertArrayEquals(new int[] {2, 3, 4}, idx.dims());
        assertArrayEquals(pixels(24), idx.data());
    }

    @Test
    void readsRawAndGzipLabels() {
        byte[] file = labels(5, 0, 4, 1, 9);
        for (Path path : new Path[] {write(dir, "labels", file), write(dir, "labels.gz", gzip(file))}) {
            IdxData idx = IdxReader.readLabels(path);
            assertArrayEquals(new int[] {5}, idx.dims());
            assertArrayEquals(new byte[] {5, 0, 4, 1, 9}, idx.data());
        }
    }

    @Test
    void recognisesGzipByItsBytesNotItsName() {
        IdxData idx = IdxReader.readImages(write(dir, "images.idx", gzip(images(1, 2, 2))));
        assertArrayEquals(pixels(4), idx.data());
    }

    @Test
    void readsMoreThanOneChunkOfGzip() {
        IdxData idx = IdxReader.readImages(write(dir, "images.gz", gzip(images(3000, 28, 28))));  // 2.35 MB
        assertArrayEquals(pixels(3000 * 28 * 28), idx.data());
    }

    // ---- broken files -----------------------------------------------------------------------

    @Test
    void emptyFile() {
        Path file = write(dir, "images.gz", new byte[0]);
        assertMessage(file + ": empty file (0 bytes)", () -> IdxReader.readImages(file));
    }

    @Test
    void missingFile() {
        Path file = dir.resolve("nothing-here.gz");
        assertMessage(file + ": file not found", () -> IdxReader.readImages(file));
    }

    @Test
    void folderInsteadOfFile() {
        assertMessage(dir + ": is a folder, expected an IDX file", () -> IdxReader.readImages(dir));
    }

    @Test
    void namedGzButNotGzip() {
        Path file = write(dir, "images.gz", images(1, 2, 2));
        assertMessage(file + ": named .gz but not gzip-compressed (starts with 0x0000, gzip starts with 0x1f8b)",
                () -> IdxReader.readImages(file));
    }

    @Test
    void corruptGzipStream() {
        byte[] gz = gzip(images(1, 2, 2));
        gz[10] = (byte) 0xFF;                         // the first deflate block now has the invalid type 3
        Path file = write(dir, "images.gz", gz);
        assertMessage(file + ": corrupt gzip stream (invalid block type)", () -> IdxReader.readImages(file));
    }

    @Test
    void gzipChecksumMismatch() {
        byte[] gz = gzip(images(1, 2, 2));
        gz[gz.length - 8] ^= 1;                       // the CRC-32 of the trailer
        Path file = write(dir, "images.gz", gz);
        assertMessage(file + ": corrupt gzip stream (Corrupt GZIP trailer)", () -> IdxReader.readImages(file));
    }

    @Test
    void truncatedGzipStream() {
        byte[] gz = gzip(images(1, 2, 2));
        Path file = write(dir, "images.gz", Arrays.copyOf(gz, gz.length - 4));
        assertMessage(file + ": the gzip stream ends early: the file is truncated",
                () -> IdxReader.readImages(file));
    }

    @Test
    void wrongMagicNumber() {
        Path file = write(dir, "train-images-idx3-ubyte.gz", gzip(labels(1, 2, 3)));
        assertMessage(file + ": wrong magic number 0x00000801, expected 0x00000803 (IDX images)",
                () -> IdxReader.readImages(file));
    }

    @Test
    void wrongMagicNumberForLabels() {
        Path file = write(dir, "labels", images(1, 2, 2));
        assertMessage(file + ": wrong magic number 0x00000803, expected 0x00000801 (IDX labels)",
                () -> IdxReader.readLabels(file));
    }

    @Test
    void fileEndsInsideHeader() {
        Path file = write(dir, "images", Arrays.copyOf(images(1, 2, 2), 10));
        assertMessage(file + ": too short: the data ends inside the IDX header", () -> IdxReader.readImages(file));
    }

    @Test
    void zeroDimension() {
        Path file = write(dir, "images", idx(IdxReader.IMAGES_MAGIC, new int[] {1, 0, 4}, new byte[0]));
        assertMessage(file + ": header says rows = 0, must be positive", () -> IdxReader.readImages(file));
    }

    @Test
    void negativeCount() {
        Path file = write(dir, "labels.gz", gzip(idx(IdxReader.LABELS_MAGIC, new int[] {-1}, new byte[3])));
        assertMessage(file + ": header says count = -1, must be positive", () -> IdxReader.readLabels(file));
    }

    @Test
    void hugeClaimedCountIsRefusedBeforeReading() {
        byte[] lie = idx(IdxReader.IMAGES_MAGIC, new int[] {Integer.MAX_VALUE, 28, 28}, pixels(784));
        for (Path file : new Path[] {write(dir, "images", lie), write(dir, "images.gz", gzip(lie))}) {
            assertMessage(file + ": header claims 2147483647 x 28 x 28 bytes of data, more than the limit of 100000000",
                    () -> IdxReader.readImages(file));
        }
    }

    @Test
    void plausibleButFalseCountInRawFileIsCheckedAgainstFileSize() {
        Path file = write(dir, "images", idx(IdxReader.IMAGES_MAGIC, new int[] {100_000, 28, 28}, pixels(784)));
        assertMessage(file + ": expected 78400000 data bytes (100000 x 28 x 28), found 784: the file is truncated",
                () -> IdxReader.readImages(file));
    }

    @Test
    void plausibleButFalseCountInGzipFileFailsWhenTheStreamEnds() {
        byte[] lie = idx(IdxReader.IMAGES_MAGIC, new int[] {100_000, 28, 28}, pixels(784));
        Path file = write(dir, "images.gz", gzip(lie));
        assertMessage(file + ": expected 78400000 data bytes (100000 x 28 x 28), found 784: the file is truncated",
                () -> IdxReader.readImages(file));
    }

    @Test
    void truncatedData() {
        byte[] short_ = Arrays.copyOf(images(2, 3, 4), 16 + 19);
        for (Path file : new Path[] {write(dir, "images", short_), write(dir, "images.gz", gzip(short_))}) {
            assertMessage(file + ": expected 24 data bytes (2 x 3 x 4), found 19: the file is truncated",
                    () -> IdxReader.readImages(file));
        }
    }

    @Test
    void trailingBytes() {
        byte[] long_ = Arrays.copyOf(images(2, 3, 4), 16 + 27);
        for (Path file : new Path[] {write(dir, "images", long_), write(dir, "images.gz", gzip(long_))}) {
            assertMessage(file + ": expected 24 data bytes (2 x 3 x 4), found 27: 3 trailing bytes",
                    () -> IdxReader.readImages(file));
        }
    }

    @Test
    void trailingBytesInLabels() {
        byte[] long_ = Arrays.copyOf(labels(1, 2, 3), 8 + 4);
        Path file = write(dir, "labels", long_);
        assertMessage(file + ": expected 3 data bytes (3), found 4: 1 trailing byte",
                () -> IdxReader.readLabels(file));
    }

    static void assertMessage(String expected, Runnable read) {
        DataException e = assertThrows(DataException.class, read::run);
        assertEquals(expected, e.getMessage());
    }
}
