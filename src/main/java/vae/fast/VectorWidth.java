package vae.fast;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

//> tensor vector-width
/**
 * How many floats one vector holds, for every vector kernel of the project: the machine's own
 * width ({@link FloatVector#SPECIES_PREFERRED}: 4 floats on ARM's NEON, 8 with AVX2, 16 with
 * AVX-512), unless the system property {@code vae.vector.bits} names one (64, 128, 256 or 512).
 * So any width can be tried on any machine: {@code -Dvae.vector.bits=128} runs the kernels as an
 * ARM laptop would. A width wider than the hardware's is emulated by the JVM: correct, but slow.
 *
 * <p>Nothing the kernels compute depends on the width: each number is the same, bit for bit, at
 * 64, 128, 256 and 512 bits (see {@code WidthTest}). Only the speed does.
 */
public final class VectorWidth {
    /** The system property that picks a width. */
    public static final String PROPERTY = "vae.vector.bits";

    /** The species of every vector kernel. */
    public static final VectorSpecies<Float> SPECIES = species(System.getProperty(PROPERTY));

    private VectorWidth() {
    }

    /** The species a value of {@code vae.vector.bits} asks for: the preferred one when it is unset. */
    static VectorSpecies<Float> species(String bits) {
        String problem = problem(bits);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
        if (bits == null || bits.isBlank()) {   // wider than 512 bits (ARM's SVE allows 2048): 512 will do
            return FloatVector.SPECIES_PREFERRED.length() > 16 ? FloatVector.SPECIES_512 : FloatVector.SPECIES_PREFERRED;
        }
        return VectorSpecies.of(float.class, VectorShape.forBitSize(Integer.parseInt(bits.trim())));
    }

    /** What is wrong with a value of {@code vae.vector.bits}, in one line, or null if nothing. */
    public static String problem(String bits) {
        return PropertyCheck.problem(bits);
    }

    /**
     * The check alone, in a class of its own: the command line calls it before anything touches
     * {@link #SPECIES}, whose initialisation throws on a bad value.
     */
    public static final class PropertyCheck {
        private PropertyCheck() {
        }

        public static String problem(String bits) {
            if (bits == null || bits.isBlank()) {
                return null;
            }
            return switch (bits.trim()) {
                case "64", "128", "256", "512" -> null;
                default -> "-D" + PROPERTY + "=" + bits + ": a vector width must be 64, 128, 256 or 512 bits";
            };
        }
    }
}
//< tensor vector-width
