package vae.model;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * Which of two models of the same shape: the seed's variational autoencoder, or a plain
 * autoencoder, the exercise's extra-credit comparison. They share every layer but one:
 * <pre>
 *   VAE:  z = μ + σ·ε, ε ~ N(0, I)   loss = BCE + KL(q(z|x) ‖ N(0, I))   layers: all seven
 *   AE:   z = μ                       loss = BCE                          layers: no logvar_layer
 * </pre>
 */
public enum ModelKind {
    VAE("vae", "the VAE"),
    AE("ae", "a plain autoencoder");

    private final String option;
    private final String description;

    ModelKind(String option, String description) {
        this.option = option;
        this.description = description;
    }

    /** As the command line and a checkpoint's {@code model} metadata spell it: vae or ae. */
    public String option() {
        return option;
    }

    /** In words, for a sentence: "the VAE", "a plain autoencoder". */
    public String description() {
        return description;
    }

    /** Whether z is drawn around μ (and the loss has its KL term): the VAE. */
    public boolean variational() {
        return this == VAE;
    }

    /** The kind an option names; throws with the choices otherwise. */
    public static ModelKind of(String option) {
        ModelKind kind = named(option);
        if (kind == null) {
            throw new IllegalArgumentException("--model " + option + ": " + choices());
        }
        return kind;
    }

    /** The kind an option names, or null. */
    public static ModelKind named(String option) {
        for (ModelKind kind : values()) {
            if (kind.option.equals(option)) {
                return kind;
            }
        }
        return null;
    }

    /** "vae or ae". */
    public static String choices() {
        return Arrays.stream(values()).map(ModelKind::option).collect(Collectors.joining(" or "));
    }
}
