package vae.fuzz;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import vae.data.DataException;
import vae.data.IdxData;
import vae.data.IdxFiles;
import vae.data.IdxReader;

/**
 * The IDX reader on any bytes at all: it returns what the header promised, or throws one
 * {@link DataException} of one line naming the file. Anything else (an OutOfMemoryError, an
 * index out of bounds, a hang) is a finding.
 *
 * <p>An input is one byte saying how to read the rest, then the file's content:
 * <pre>
 *   bit 0       1: an images file (magic 0x803, [count, rows, cols]); 0: a labels file (0x801, [count])
 *   bits 1-2    0: the content as it is, named without .gz
 *               1: the content gzip-compressed by the test, named .gz (the fuzzer reaches the IDX inside)
 *               2: the content as it is, named .gz (the fuzzer writes the gzip stream itself)
 *               3: the content gzip-compressed by the test, named without .gz (detected by its first bytes)
 * </pre>
 * Plain {@code mvn test} runs the inputs in {@code src/test/resources/vae/fuzz/IdxFuzzTestInputs/readIdx/}
 * (the seeds, {@code seed-*}, and every input that ever failed); {@code JAZZER_FUZZ=1} fuzzes for a minute.
 */
class IdxFuzzTest {
    static final Path INPUTS = FuzzFiles.RESOURCES.resolve("IdxFuzzTestInputs").resolve("readIdx");
    private static final Path DIR = FuzzFiles.scratch("idx-fuzz");

    /** One fuzz input taken apart: which file, named how, holding which bytes. */
    record IdxInput(boolean images, String name, byte[] content) {
        static IdxInput of(byte[] input) {
            int mode = input.length == 0 ? 0 : input[0];
            boolean images = (mode & 1) == 1;
            int how = (mode >> 1) & 3;
            byte[] rest = input.length == 0 ? input : Arrays.copyOfRange(input, 1, input.length);
            boolean compress = how == 1 || how == 3;
            String name = (images ? "images-idx3-ubyte" : "labels-idx1-ubyte") + (how == 1 || how == 2 ? ".gz" : "");
            return new IdxInput(images, name, compress ? IdxFiles.gzip(rest) : rest);
        }

        /** The input that makes {@code content} (uncompressed IDX bytes) into a file read the {@code how} way. */
        static byte[] encode(boolean images, int how, byte[] content) {
            byte[] input = new byte[1 + content.length];
            input[0] = (byte) ((images ? 1 : 0) | how << 1);
            System.arraycopy(content, 0, input, 1, content.length);
            return input;
        }
    }

    //> fuzz idx-target
    @FuzzTest(maxDuration = "60s")
    void readIdx(byte[] input) {
        IdxInput in = IdxInput.of(input);
        Path file = FuzzFiles.write(DIR.resolve(in.name()), in.content());
        FuzzFiles.withinTimeLimit(() -> {
            try {
                IdxData data = in.images() ? IdxReader.readImages(file) : IdxReader.readLabels(file);
                assertKeptItsPromise(data, in.images());
            } catch (DataException e) {
                FuzzFiles.assertOneLineNaming(e, file);
            }
        });
    }
    //< fuzz idx-target

    // what the reader returns is what its header says: positive dimensions, exactly their product in bytes
    private static void assertKeptItsPromise(IdxData data, boolean images) {
        assertEquals(images ? 3 : 1, data.dims().length);
        long size = 1;
        for (int dim : data.dims()) {
            assertTrue(dim > 0, "dimension " + dim);
            size *= dim;
        }
        assertEquals(size, data.data().length);
    }

    /** The seeds are valid files of every kind, so that the fuzzer starts from inputs that get far. */
    @Test
    void everySeedReads() throws IOException {
        List<Path> seeds = seeds();
        assertTrue(seeds.size() >= 6, "seeds: " + seeds);
        for (Path seed : seeds) {
            IdxInput in = IdxInput.of(Files.readAllBytes(seed));
            Path file = FuzzFiles.write(DIR.resolve(in.name()), in.content());
            IdxData data = in.images() ? IdxReader.readImages(file) : IdxReader.readLabels(file);
            assertKeptItsPromise(data, in.images());
        }
    }

    static List<Path> seeds() throws IOException {
        try (Stream<Path> files = Files.list(INPUTS)) {
            return files.filter(f -> f.getFileName().toString().startsWith("seed-")).sorted().toList();
        }
    }

    @Test
    void theInputLayoutReachesEveryWayOfReading() {
        byte[] labels = IdxFiles.labels(3, 1, 4);
        IdxInput raw = IdxInput.of(IdxInput.encode(false, 0, labels));
        assertEquals("labels-idx1-ubyte", raw.name());
        assertArrayEquals(labels, raw.content());
        IdxInput gz = IdxInput.of(IdxInput.encode(true, 1, labels));
        assertTrue(gz.images());
        assertEquals("images-idx3-ubyte.gz", gz.name());
        assertEquals(0x1f, gz.content()[0] & 0xFF);
        assertEquals("labels-idx1-ubyte.gz", IdxInput.of(IdxInput.encode(false, 2, labels)).name());
        assertEquals("labels-idx1-ubyte", IdxInput.of(IdxInput.encode(false, 3, labels)).name());
        assertEquals(0, IdxInput.of(new byte[0]).content().length);
    }
}
