package vae.checkpoint;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The JSON header of a safetensors file, both ways. Read, it is only data: a plain tree of
 * objects, strings and numbers, each field checked for its type before it is used; nothing in it
 * names a class or is ever run.
 * <pre>
 *   {"encoder.fc1.bias": {"dtype": "F32", "shape": [400], "data_offsets": [0, 1600]},
 *    ...,
 *    "__metadata__": {"epoch": "3", ...}}
 * </pre>
 */
final class SafeTensorsHeader {
    static final String METADATA = "__metadata__";
    /** The largest tensor a Java array can hold. */
    static final long MAX_ELEMENTS = Integer.MAX_VALUE - 8;
    private static final Set<String> FIELDS = Set.of("dtype", "shape", "data_offsets");
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY);

    /** Where one tensor's bytes lie, counted from the start of the data section: [begin, end). */
    record Slot(String name, int[] shape, long begin, long end) {
        String range() {
            return "[" + begin + ", " + end + ")";
        }
    }

    record Parsed(List<Slot> slots, Map<String, String> metadata) {
    }

    private SafeTensorsHeader() {
    }

    //> checkpoint header-write
    /** The header for tensors packed one after another in list order, as UTF-8 JSON. */
    static byte[] write(List<NamedTensor> tensors, Map<String, String> metadata) {
        ObjectNode root = JSON.createObjectNode();
        long offset = 0;
        for (NamedTensor t : tensors) {
            ObjectNode entry = root.putObject(t.name());
            entry.put("dtype", "F32");
            ArrayNode shape = entry.putArray("shape");
            Arrays.stream(t.shape()).forEach(shape::add);
            long end = offset + 4L * t.data().length;
            entry.putArray("data_offsets").add(offset).add(end);
            offset = end;
        }
        if (!metadata.isEmpty()) {
            ObjectNode meta = root.putObject(METADATA);
            metadata.forEach(meta::put);
        }
        try {
            return JSON.writeValueAsBytes(root);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
    //< checkpoint header-write

    //> checkpoint header-read
    static Parsed parse(Path file, String json) {
        Map<String, JsonNode> entries = topLevel(file, json);
        Map<String, String> metadata = metadata(file, entries.remove(METADATA));
        List<Slot> slots = new ArrayList<>();
        entries.forEach((name, entry) -> slots.add(slot(file, name, entry)));
        return new Parsed(slots, metadata);
    }

    /** The header's fields in file order; a name given twice is an error, not "the last wins". */
    private static Map<String, JsonNode> topLevel(Path file, String json) {
        Map<String, JsonNode> entries = new LinkedHashMap<>();
        try (JsonParser parser = JSON.createParser(json)) {
            JsonToken token = parser.nextToken();
            if (token != JsonToken.START_OBJECT) {
                throw new CheckpointException(file, "header is " + describe(token) + ", expected a JSON object");
            }
            while ((token = parser.nextToken()) == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                parser.nextToken();
                if (entries.put(name, JSON.readTree(parser)) != null) {
                    throw new CheckpointException(file, "duplicate name '" + name + "' in the header");
                }
            }
            if (parser.nextToken() != null) {
                throw new CheckpointException(file, "header has more after its JSON object");
            }
        } catch (JsonProcessingException e) {
            throw new CheckpointException(file, "header is not valid JSON: " + oneLine(e), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return entries;
    }

    private static Slot slot(Path file, String name, JsonNode entry) {
        String where = "tensor '" + name + "'";
        if (!entry.isObject()) {
            throw new CheckpointException(file, where + " is " + kind(entry)
                    + ", expected an object with dtype, shape and data_offsets");
        }
        for (Iterator<String> it = entry.fieldNames(); it.hasNext(); ) {
            String field = it.next();
            if (!FIELDS.contains(field)) {
                throw new CheckpointException(file, where + " has an unknown field '" + field + "'");
            }
        }
        String dtype = field(file, where, entry, "dtype", JsonNode::isTextual, "a string").asText();
        if (!dtype.equals("F32")) {
            throw new CheckpointException(file, where + " has dtype " + dtype + ", only F32 is read");
        }
        int[] shape = shape(file, where, field(file, where, entry, "shape", JsonNode::isArray, "an array"));
        JsonNode offsets = field(file, where, entry, "data_offsets", JsonNode::isArray, "an array");
        if (offsets.size() != 2 || !isLong(offsets.get(0)) || !isLong(offsets.get(1))) {
            throw new CheckpointException(file, where + " has data_offsets " + offsets
                    + ", expected two integers [begin, end]");
        }
        long begin = offsets.get(0).asLong(), end = offsets.get(1).asLong();
        if (begin < 0 || end < begin) {
            throw new CheckpointException(file, where + " has data_offsets " + offsets
                    + ": they must satisfy 0 <= begin <= end");
        }
        long needed = 4 * NamedTensor.elements(shape);
        if (end - begin != needed) {
            throw new CheckpointException(file, where + " has data_offsets " + offsets + " spanning "
                    + (end - begin) + " bytes, but shape " + Arrays.toString(shape) + " in F32 needs " + needed);
        }
        return new Slot(name, shape, begin, end);
    }

    private static int[] shape(Path file, String where, JsonNode node) {
        int[] shape = new int[node.size()];
        long elements = 1;
        for (int d = 0; d < shape.length; d++) {
            JsonNode size = node.get(d);
            if (!size.isIntegralNumber() || !size.canConvertToInt() || size.asInt() < 0) {
                throw new CheckpointException(file, where + " has shape " + node
                        + ": every size must be an integer from 0 to " + Integer.MAX_VALUE);
            }
            shape[d] = size.asInt();
            elements *= shape[d];
            if (elements > MAX_ELEMENTS) {
                throw new CheckpointException(file, where + " has shape " + node
                        + ": more than " + MAX_ELEMENTS + " elements, too many for one tensor");
            }
        }
        return shape;
    }

    private static Map<String, String> metadata(Path file, JsonNode node) {
        Map<String, String> metadata = new LinkedHashMap<>();
        if (node == null) {
            return metadata;
        }
        if (!node.isObject()) {
            throw new CheckpointException(file, METADATA + " is " + kind(node) + ", expected an object of strings");
        }
        node.fields().forEachRemaining(e -> {
            if (!e.getValue().isTextual()) {
                throw new CheckpointException(file, METADATA + " '" + e.getKey() + "' is " + kind(e.getValue())
                        + ", expected a string");
            }
            metadata.put(e.getKey(), e.getValue().asText());
        });
        return metadata;
    }
    //< checkpoint header-read

    private static JsonNode field(Path file, String where, JsonNode entry, String name,
                                  Predicate<JsonNode> isRight, String expected) {
        JsonNode value = entry.get(name);
        if (value == null) {
            throw new CheckpointException(file, where + " has no " + name);
        }
        if (!isRight.test(value)) {
            throw new CheckpointException(file, where + " has " + name + " " + value + ", expected " + expected);
        }
        return value;
    }

    private static boolean isLong(JsonNode node) {
        return node.isIntegralNumber() && node.canConvertToLong();
    }

    private static String kind(JsonNode node) {
        return switch (node.getNodeType()) {
            case ARRAY -> "an array";
            case OBJECT -> "an object";
            case STRING -> "a string";
            case NUMBER -> "a number";
            case BOOLEAN -> "a boolean";
            case NULL -> "null";
            default -> node.getNodeType().toString().toLowerCase();
        };
    }

    private static String describe(JsonToken token) {
        if (token == null) {
            return "empty";
        }
        return switch (token) {
            case START_ARRAY -> "a JSON array";
            case VALUE_STRING -> "a JSON string";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a JSON number";
            case VALUE_TRUE, VALUE_FALSE -> "a JSON boolean";
            case VALUE_NULL -> "JSON null";
            default -> token.toString();
        };
    }

    /** Jackson's message without its source excerpt, and where in the header it happened. */
    private static String oneLine(JsonProcessingException e) {
        String message = e.getOriginalMessage().split("\\R", 2)[0].replaceFirst(" for `ObjectNode`.*", "")
                .replaceAll(" ?\\(start marker at \\[Source: .*?\\]\\)", ""); // Jackson's excerpt, not ours to show
        if (e.getLocation() != null) {
            message += " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")";
        }
        return message;
    }
}
