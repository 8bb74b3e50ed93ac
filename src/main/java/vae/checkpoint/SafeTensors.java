package vae.checkpoint;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The safetensors format (the one Hugging Face uses for weights), float32 only, written and read
 * by hand:
 * <pre>
 *   8 bytes    N, the header's length, unsigned little-endian
 *   N bytes    the header, UTF-8 JSON: each tensor's dtype, shape and data_offsets, and __metadata__
 *   the rest   the data section: every tensor's floats, little-endian, row-major, packed
 * </pre>
 * Writing replaces the file atomically ({@link AtomicFile}). Reading trusts nothing: every length
 * is checked against the file before anything is allocated, every field of the header for its
 * type, the tensors must tile the data section exactly, and every float must be finite.
 */
public final class SafeTensors {
    /** The largest header read: real headers are kilobytes; a larger one is a broken file. */
    static final long MAX_HEADER = 100_000_000;
    private static final int CHUNK = 1 << 16; // floats per read or write

    private SafeTensors() {
    }

    //> checkpoint safetensors-write
    public static void write(Path file, List<NamedTensor> tensors, Map<String, String> metadata) {
        write(file, tensors, metadata, AtomicFile.DISK);
    }

    /** As {@link #write(Path, List, Map)}, through {@code opener}: tests pass one that fails. */
    static void write(Path file, List<NamedTensor> tensors, Map<String, String> metadata, AtomicFile.Opener opener) {
        checkWritable(file, tensors);
        byte[] header = padded(SafeTensorsHeader.write(tensors, metadata));
        AtomicFile.Content content = out -> {
            writeFully(out, ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(0, header.length));
            writeFully(out, ByteBuffer.wrap(header));
            for (NamedTensor t : tensors) {
                writeFloats(out, t.data());
            }
        };
        AtomicFile.write(file, content, opener);
    }

    /** Spaces after the JSON, so that the data starts at a multiple of 8 bytes, as safetensors does. */
    private static byte[] padded(byte[] json) {
        int length = json.length + (8 - json.length % 8) % 8;
        byte[] header = Arrays.copyOf(json, length);
        Arrays.fill(header, json.length, length, (byte) ' ');
        return header;
    }
    //< checkpoint safetensors-write

    private static void checkWritable(Path file, List<NamedTensor> tensors) {
        Set<String> names = new HashSet<>();
        for (NamedTensor t : tensors) {
            if (!names.add(t.name()) || t.name().equals(SafeTensorsHeader.METADATA)) {
                throw new CheckpointException(file, "cannot write: duplicate or reserved tensor name '" + t.name() + "'");
            }
            checkFinite(file, t, "cannot write: ");
        }
    }

    //> checkpoint safetensors-read
    public static TensorFile read(Path file) {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = channel.size();
            if (size < 8) {
                throw new CheckpointException(file, "file is " + size
                        + " bytes long, too short for a safetensors file (at least 8: the header length)");
            }
            long headerLength = readFully(channel, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
            checkHeaderLength(file, headerLength, size);  // before anything is allocated
            String json = utf8(file, readFully(channel, 8, (int) headerLength));
            SafeTensorsHeader.Parsed header = SafeTensorsHeader.parse(file, json);
            List<SafeTensorsHeader.Slot> slots = layout(file, header.slots(), size - 8 - headerLength);
            List<NamedTensor> tensors = new ArrayList<>();
            for (SafeTensorsHeader.Slot slot : slots) {
                NamedTensor t = new NamedTensor(slot.name(), slot.shape(),
                        readFloats(channel, 8 + headerLength + slot.begin(), slot.end() - slot.begin()));
                checkFinite(file, t, "");
                tensors.add(t);
            }
            return new TensorFile(tensors, header.metadata());
        } catch (NoSuchFileException e) {
            throw new CheckpointException(file, "no such file", e);
        } catch (IOException e) {
            throw new CheckpointException(file, "cannot read: " + e.getMessage(), e);
        }
    }

    private static void checkHeaderLength(Path file, long headerLength, long fileSize) {
        if (Long.compareUnsigned(headerLength, fileSize - 8) > 0) {
            throw new CheckpointException(file, "header length " + Long.toUnsignedString(headerLength)
                    + " is larger than the file (" + fileSize + " bytes): truncated, or not a safetensors file");
        }
        if (headerLength > MAX_HEADER) {
            throw new CheckpointException(file, "header length " + headerLength + " is over the limit of "
                    + MAX_HEADER + " bytes: not a safetensors file this program wrote");
        }
    }

    private static String utf8(Path file, ByteBuffer bytes) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        try {
            return decoder.decode(bytes).toString();
        } catch (CharacterCodingException e) {
            throw new CheckpointException(file, "header is not valid UTF-8 (byte " + (8 + bytes.position())
                    + " of the file)");
        }
    }

    /**
     * The tensors in the order their bytes lie, after checking that they tile the data section:
     * each inside it, none overlapping another, and no byte left to nobody (safetensors forbids holes).
     */
    private static List<SafeTensorsHeader.Slot> layout(Path file, List<SafeTensorsHeader.Slot> slots, long dataSize) {
        for (SafeTensorsHeader.Slot s : slots) {
            if (s.end() > dataSize) {
                throw new CheckpointException(file, "tensor '" + s.name() + "' has data_offsets " + s.range()
                        + " past the end of the data section (" + dataSize + " bytes): the file is truncated");
            }
        }
        List<SafeTensorsHeader.Slot> sorted = new ArrayList<>(slots);
        sorted.sort(Comparator.comparingLong(SafeTensorsHeader.Slot::begin)); // stable: file order
        long covered = 0;
        SafeTensorsHeader.Slot previous = null;
        for (SafeTensorsHeader.Slot s : sorted) {
            if (s.begin() < covered) {
                throw new CheckpointException(file, "tensors '" + previous.name() + "' " + previous.range()
                        + " and '" + s.name() + "' " + s.range() + " overlap");
            }
            if (s.begin() > covered) {
                throw new CheckpointException(file, "bytes [" + covered + ", " + s.begin()
                        + ") of the data section belong to no tensor (safetensors allows no holes)");
            }
            covered = s.end();
            previous = s;
        }
        if (covered != dataSize) {
            throw new CheckpointException(file, "bytes [" + covered + ", " + dataSize
                    + ") of the data section belong to no tensor (safetensors allows no holes)");
        }
        return sorted;
    }
    //< checkpoint safetensors-read

    //> checkpoint finite
    private static void checkFinite(Path file, NamedTensor t, String prefix) {
        float[] data = t.data();
        for (int i = 0; i < data.length; i++) {
            if (!Float.isFinite(data[i])) {
                throw new CheckpointException(file, prefix + "tensor '" + t.name() + "' holds " + data[i]
                        + " at index " + i + " " + position(t.shape(), i));
            }
        }
    }
    //< checkpoint finite

    /** Row-major flat index → [i, j, ...] in the given shape. */
    private static String position(int[] shape, int index) {
        int[] at = new int[shape.length];
        for (int d = shape.length - 1; d >= 0; d--) {
            at[d] = index % shape[d];
            index /= shape[d];
        }
        return Arrays.toString(at);
    }

    // ---- bytes ------------------------------------------------------------------------------

    private static ByteBuffer readFully(FileChannel channel, long position, int n) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(n);
        while (buffer.hasRemaining()) {
            if (channel.read(buffer, position + buffer.position()) < 0) {
                throw new IOException("the file ended early, at byte " + (position + buffer.position()));
            }
        }
        return buffer.flip();
    }

    private static float[] readFloats(FileChannel channel, long position, long bytes) throws IOException {
        float[] data = new float[(int) (bytes / 4)];
        for (int from = 0; from < data.length; from += CHUNK) {
            int n = Math.min(CHUNK, data.length - from);
            readFully(channel, position + 4L * from, 4 * n).order(ByteOrder.LITTLE_ENDIAN)
                    .asFloatBuffer().get(data, from, n);
        }
        return data;
    }

    private static void writeFloats(WritableByteChannel out, float[] data) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(4 * Math.min(CHUNK, Math.max(1, data.length)))
                .order(ByteOrder.LITTLE_ENDIAN);
        for (int from = 0; from < data.length; from += CHUNK) {
            int n = Math.min(CHUNK, data.length - from);
            buffer.clear();
            buffer.asFloatBuffer().put(data, from, n);
            buffer.limit(4 * n);
            writeFully(out, buffer);
        }
    }

    private static void writeFully(WritableByteChannel out, ByteBuffer buffer) throws IOException {
        while (buffer.hasRemaining()) {
            out.write(buffer);
        }
    }
}
