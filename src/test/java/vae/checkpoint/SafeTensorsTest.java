package vae.checkpoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The safetensors writer and its paranoid reader: one right file, then one broken file per check. */
class SafeTensorsTest {
    @TempDir
    Path dir;

    private static final float[] ODD = {1.5f, -0f, Float.MIN_VALUE, Float.MAX_VALUE, -3.25e-20f, 7f};

    private Path file(String name) {
        return dir.resolve(name);
    }

    /** The message names the file and says the problem. */
    private static void assertProblem(Path file, String problem, Runnable read) {
        CheckpointException e = assertThrows(CheckpointException.class, read::run);
        assertTrue(e.getMessage().startsWith(file + ": "), e.getMessage());
        assertTrue(e.getMessage().contains(problem), "expected \"" + problem + "\" in: " + e.getMessage());
        assertEquals(1, e.getMessage().lines().count(), "one line: " + e.getMessage());
    }

    private void assertUnreadable(String json, byte[] data, String problem) {
        Path f = RawFiles.json(file("bad.safetensors"), json, data);
        assertProblem(f, problem, () -> SafeTensors.read(f));
    }

    private static String entry(String name, String dtype, String shape, long begin, long end) {
        return "\"" + name + "\":{\"dtype\":\"" + dtype + "\",\"shape\":" + shape
                + ",\"data_offsets\":[" + begin + "," + end + "]}";
    }

    // ---- a right file ---------------------------------------------------------------------------

    @Test
    void writesAndReadsBackEveryBit() {
        Path f = file("t.safetensors");
        List<NamedTensor> tensors = List.of(
                new NamedTensor("b.matrix", new int[] {2, 3}, ODD),
                new NamedTensor("a.vector", new int[] {3}, new float[] {1, 2, 3}),
                new NamedTensor("scalar", new int[] {}, new float[] {42}),
                new NamedTensor("empty", new int[] {0, 5}, new float[0]));
        SafeTensors.write(f, tensors, Map.of("epoch", "3", "note", "ünïcode ✓"));

        TensorFile read = SafeTensors.read(f);
        assertEquals(List.of("b.matrix", "a.vector", "scalar", "empty"),
                read.tensors().stream().map(NamedTensor::name).toList(), "file order, not sorted");
        for (int i = 0; i < tensors.size(); i++) {
            assertArrayEquals(tensors.get(i).shape(), read.tensors().get(i).shape());
            assertArrayEquals(bits(tensors.get(i).data()), bits(read.tensors().get(i).data()), tensors.get(i).name());
        }
        assertEquals(Map.of("epoch", "3", "note", "ünïcode ✓"), read.metadata());
    }

    @Test
    void theBytesAreSafetensorsByHand() throws IOException {
        Path f = file("t.safetensors");
        SafeTensors.write(f, List.of(new NamedTensor("w", new int[] {2, 3}, ODD),
                new NamedTensor("b", new int[] {2}, new float[] {0.5f, -2f})), Map.of("k", "v"));
        byte[] bytes = RawFiles.read(f);

        long n = RawFiles.headerLength(bytes);                      // 8 bytes, little-endian
        assertEquals(0, (8 + n) % 8, "the data starts 8-byte aligned");
        assertEquals(8 + n + 4 * 8, bytes.length, "header, then 6 + 2 floats, nothing else");
        JsonNode header = new ObjectMapper().readTree(RawFiles.header(bytes).strip());
        assertEquals(List.of("w", "b", "__metadata__"), iterate(header.fieldNames()));
        assertEquals("F32", header.get("w").get("dtype").asText());
        assertEquals("[2,3]", header.get("w").get("shape").toString());
        assertEquals("[0,24]", header.get("w").get("data_offsets").toString());
        assertEquals("[24,32]", header.get("b").get("data_offsets").toString());
        assertEquals("v", header.get("__metadata__").get("k").asText());
        // 0.5f is 0x3f000000: little-endian, its last byte comes last
        int b0 = (int) (8 + n + 24);
        assertArrayEquals(new byte[] {0, 0, 0, 0x3f}, java.util.Arrays.copyOfRange(bytes, b0, b0 + 4));
    }

    @Test
    void readsAFileWithoutMetadata() {
        Path f = RawFiles.json(file("t.safetensors"), "{" + entry("x", "F32", "[2]", 0, 8) + "}", RawFiles.floats(1, 2));
        TensorFile read = SafeTensors.read(f);
        assertEquals(Map.of(), read.metadata());
        assertArrayEquals(new float[] {1, 2}, read.tensors().get(0).data());
    }

    @Test
    void returnsTensorsInTheOrderOfTheirBytes() {
        String json = "{" + entry("second", "F32", "[1]", 4, 8) + "," + entry("first", "F32", "[1]", 0, 4) + "}";
        Path f = RawFiles.json(file("t.safetensors"), json, RawFiles.floats(1, 2));
        TensorFile read = SafeTensors.read(f);
        assertEquals(List.of("first", "second"), read.tensors().stream().map(NamedTensor::name).toList());
        assertEquals(2f, read.find("second").orElseThrow().data()[0]);
    }

    // ---- the file and its header length ----------------------------------------------------------

    @Test
    void noSuchFile() {
        Path f = file("missing.safetensors");
        assertProblem(f, "no such file", () -> SafeTensors.read(f));
    }

    @Test
    void shorterThanTheHeaderLength() {
        Path f = RawFiles.bytes(file("short.safetensors"), new byte[] {1, 0, 0});
        assertProblem(f, "file is 3 bytes long, too short", () -> SafeTensors.read(f));
    }

    @Test
    void hugeHeaderLengthIsRefusedBeforeAnythingIsAllocated() {
        Path f = RawFiles.raw(file("huge.safetensors"), 1L << 40, "{}".getBytes(), new byte[0]);
        assertProblem(f, "header length 1099511627776 is larger than the file (10 bytes)", () -> SafeTensors.read(f));
        Path g = RawFiles.raw(file("negative.safetensors"), -1L, "{}".getBytes(), new byte[0]);
        assertProblem(g, "header length 18446744073709551615 is larger than the file", () -> SafeTensors.read(g));
    }

    @Test
    void headerLengthPastTheEndOfTheFile() {
        Path f = RawFiles.raw(file("long.safetensors"), 100, "{}".getBytes(), new byte[0]);
        assertProblem(f, "header length 100 is larger than the file (10 bytes)", () -> SafeTensors.read(f));
    }

    // ---- the header -------------------------------------------------------------------------------

    @Test
    void headerNotUtf8() {
        byte[] header = {'{', '"', (byte) 0xff, '"', ':', '1', '}'};
        Path f = RawFiles.raw(file("latin.safetensors"), header.length, header, new byte[0]);
        assertProblem(f, "header is not valid UTF-8 (byte 10 of the file)", () -> SafeTensors.read(f));
    }

    @Test
    void headerNotJson() {
        assertUnreadable("{\"x\": {\"dtype\": \"F32\",", new byte[0], "header is not valid JSON");
        assertUnreadable("", new byte[0], "header is empty, expected a JSON object");
        assertUnreadable("{} {}", new byte[0], "header has more after its JSON object");
    }

    @Test
    void headerAnArrayNotAnObject() {
        assertUnreadable("[1, 2, 3]", new byte[0], "header is a JSON array, expected a JSON object");
    }

    @Test
    void entryNotAnObject() {
        assertUnreadable("{\"x\": [1]}", new byte[0], "tensor 'x' is an array, expected an object with dtype, shape and data_offsets");
    }

    @Test
    void entryMissingAField() {
        assertUnreadable("{\"x\":{\"shape\":[1],\"data_offsets\":[0,4]}}", RawFiles.floats(1), "tensor 'x' has no dtype");
        assertUnreadable("{\"x\":{\"dtype\":\"F32\",\"data_offsets\":[0,4]}}", RawFiles.floats(1), "tensor 'x' has no shape");
        assertUnreadable("{\"x\":{\"dtype\":\"F32\",\"shape\":[1]}}", RawFiles.floats(1), "tensor 'x' has no data_offsets");
    }

    @Test
    void entryFieldOfTheWrongType() {
        assertUnreadable("{\"x\":{\"dtype\":32,\"shape\":[1],\"data_offsets\":[0,4]}}", RawFiles.floats(1),
                "tensor 'x' has dtype 32, expected a string");
        assertUnreadable("{\"x\":{\"dtype\":\"F32\",\"shape\":\"1\",\"data_offsets\":[0,4]}}", RawFiles.floats(1),
                "tensor 'x' has shape \"1\", expected an array");
        assertUnreadable("{" + entry("x", "F32", "[1.5]", 0, 4) + "}", RawFiles.floats(1),
                "tensor 'x' has shape [1.5]: every size must be an integer");
        assertUnreadable("{\"x\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0]}}", RawFiles.floats(1),
                "tensor 'x' has data_offsets [0], expected two integers [begin, end]");
        assertUnreadable("{\"x\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4],\"py/object\":\"os.system\"}}",
                RawFiles.floats(1), "tensor 'x' has an unknown field 'py/object'");
    }

    @Test
    void wrongDtype() {
        assertUnreadable("{" + entry("x", "F16", "[2]", 0, 4) + "}", RawFiles.floats(1), "tensor 'x' has dtype F16, only F32 is read");
        assertUnreadable("{" + entry("x", "F64", "[1]", 0, 8) + "}", RawFiles.floats(1, 2), "tensor 'x' has dtype F64, only F32 is read");
    }

    @Test
    void negativeOrAbsurdShape() {
        assertUnreadable("{" + entry("x", "F32", "[2,-1]", 0, 4) + "}", RawFiles.floats(1),
                "tensor 'x' has shape [2,-1]: every size must be an integer from 0 to 2147483647");
        assertUnreadable("{" + entry("x", "F32", "[65536,65536]", 0, 4) + "}", RawFiles.floats(1),
                "tensor 'x' has shape [65536,65536]: more than 2147483639 elements, too many for one tensor");
        assertUnreadable("{" + entry("x", "F32", "[99999999999]", 0, 4) + "}", RawFiles.floats(1),
                "tensor 'x' has shape [99999999999]: every size must be an integer");
    }

    @Test
    void dataOffsetsDisagreeWithTheShape() {
        assertUnreadable("{" + entry("x", "F32", "[2,3]", 0, 20) + "}", new byte[20],
                "tensor 'x' has data_offsets [0,20] spanning 20 bytes, but shape [2, 3] in F32 needs 24");
        assertUnreadable("{" + entry("x", "F32", "[1]", 8, 4) + "}", new byte[8],
                "tensor 'x' has data_offsets [8,4]: they must satisfy 0 <= begin <= end");
    }

    @Test
    void truncatedData() {
        assertUnreadable("{" + entry("x", "F32", "[4]", 0, 16) + "}", RawFiles.floats(1, 2, 3),
                "tensor 'x' has data_offsets [0, 16) past the end of the data section (12 bytes): the file is truncated");
    }

    @Test
    void overlappingOffsets() {
        String json = "{" + entry("a", "F32", "[2]", 0, 8) + "," + entry("b", "F32", "[2]", 4, 12) + "}";
        assertUnreadable(json, RawFiles.floats(1, 2, 3), "tensors 'a' [0, 8) and 'b' [4, 12) overlap");
    }

    @Test
    void holesInTheDataSection() {
        String gap = "{" + entry("a", "F32", "[1]", 0, 4) + "," + entry("b", "F32", "[1]", 8, 12) + "}";
        assertUnreadable(gap, RawFiles.floats(1, 2, 3),
                "bytes [4, 8) of the data section belong to no tensor (safetensors allows no holes)");
        assertUnreadable("{" + entry("a", "F32", "[1]", 0, 4) + "}", RawFiles.floats(1, 2),
                "bytes [4, 8) of the data section belong to no tensor");
    }

    @Test
    void duplicateNames() {
        String json = "{" + entry("a", "F32", "[1]", 0, 4) + "," + entry("a", "F32", "[1]", 4, 8) + "}";
        assertUnreadable(json, RawFiles.floats(1, 2), "duplicate name 'a' in the header");
    }

    @Test
    void metadataMustBeStrings() {
        assertUnreadable("{\"__metadata__\":{\"epoch\":3}}", new byte[0], "__metadata__ 'epoch' is a number, expected a string");
        assertUnreadable("{\"__metadata__\":[\"a\"]}", new byte[0], "__metadata__ is an array, expected an object of strings");
    }

    @Test
    void nanAndInfinityAreRefused() {
        String json = "{" + entry("w", "F32", "[2,3]", 0, 24) + "}";
        assertUnreadable(json, RawFiles.floats(0, 1, 2, 3, Float.NaN, 5), "tensor 'w' holds NaN at index 4 [1, 1]");
        assertUnreadable(json, RawFiles.floats(0, Float.NEGATIVE_INFINITY, 2, 3, 4, 5),
                "tensor 'w' holds -Infinity at index 1 [0, 1]");
    }

    // ---- writing ----------------------------------------------------------------------------------

    @Test
    void aFailedWriteLeavesTheOldFileAndNoTemporaryFile() throws IOException {
        Path f = file("t.safetensors");
        SafeTensors.write(f, List.of(new NamedTensor("x", new int[] {3}, new float[] {1, 2, 3})), Map.of());
        byte[] before = RawFiles.read(f);

        List<NamedTensor> bigger = List.of(new NamedTensor("x", new int[] {1000}, new float[1000]));
        assertProblem(f, "cannot write: No space left on device",
                () -> SafeTensors.write(f, bigger, Map.of(), FullDisk.after(500)));

        assertArrayEquals(before, RawFiles.read(f), "the old file is untouched");
        assertEquals(List.of(f), list(dir), "no temporary file is left behind");
        assertArrayEquals(new float[] {1, 2, 3}, SafeTensors.read(f).tensors().get(0).data());
    }

    @Test
    void writingReplacesTheOldFile() {
        Path f = file("t.safetensors");
        SafeTensors.write(f, List.of(new NamedTensor("x", new int[] {1}, new float[] {1})), Map.of());
        SafeTensors.write(f, List.of(new NamedTensor("y", new int[] {1}, new float[] {2})), Map.of());
        assertEquals("y", SafeTensors.read(f).tensors().get(0).name());
        assertEquals(List.of(f), list(dir));
    }

    @Test
    void refusesToWriteWhatItWouldRefuseToRead() {
        Path f = file("t.safetensors");
        assertProblem(f, "cannot write: tensor 'x' holds NaN at index 1 [1]", () -> SafeTensors.write(f,
                List.of(new NamedTensor("x", new int[] {2}, new float[] {0, Float.NaN})), Map.of()));
        NamedTensor x = new NamedTensor("x", new int[] {1}, new float[] {0});
        assertProblem(f, "cannot write: duplicate or reserved tensor name 'x'",
                () -> SafeTensors.write(f, List.of(x, x), Map.of()));
        assertEquals(List.of(), list(dir));
    }

    // ---- helpers ----------------------------------------------------------------------------------

    private static int[] bits(float[] values) {
        int[] bits = new int[values.length];
        for (int i = 0; i < values.length; i++) {
            bits[i] = Float.floatToRawIntBits(values[i]);
        }
        return bits;
    }

    private static List<String> iterate(java.util.Iterator<String> it) {
        List<String> list = new java.util.ArrayList<>();
        it.forEachRemaining(list::add);
        return list;
    }

    static List<Path> list(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.sorted().toList();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
