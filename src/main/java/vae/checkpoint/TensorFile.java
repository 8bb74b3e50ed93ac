package vae.checkpoint;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a safetensors file holds: its tensors in the order their data lies in the file, and the
 * string pairs of its {@code __metadata__} (empty when it has none).
 */
public record TensorFile(List<NamedTensor> tensors, Map<String, String> metadata) {

    public TensorFile {
        tensors = List.copyOf(tensors);
        metadata = Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
    }

    public Optional<NamedTensor> find(String name) {
        return tensors.stream().filter(t -> t.name().equals(name)).findFirst();
    }
}
