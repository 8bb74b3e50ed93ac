import jdk.incubator.vector.FloatVector;

/**
 * Prints the Vector API's preferred species of floats on this machine and JVM, the width the
 * kernels take unless -Dvae.vector.bits says otherwise. A single-file program:
 * java --add-modules jdk.incubator.vector tools/PrintSpecies.java
 */
public class PrintSpecies {
    public static void main(String[] args) {
        var species = FloatVector.SPECIES_PREFERRED;
        System.out.println("preferred species: " + species + " (" + species.vectorBitSize() + "-bit vectors, "
                + species.length() + " floats), Java " + System.getProperty("java.version"));
    }
}
