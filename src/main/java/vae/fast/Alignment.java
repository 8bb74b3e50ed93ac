package vae.fast;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.ManagementFactory;

/**
 * Where the elements of a {@code float[]} meet the 64-byte lines of the cache. A 512-bit vector is
 * 64 bytes: loaded from a line's start it touches one line, from anywhere else two, and the load
 * costs the cache twice. Java says nothing about where an array lies, but HotSpot places every
 * object on a multiple of {@code -XX:ObjectAlignmentInBytes} (8 by default) and an array's first
 * element after its header: a mark word (8 bytes), a class pointer (4, compressed) and the length
 * (4), 16 bytes in all. Run with {@code -XX:ObjectAlignmentInBytes=64} and every {@code float[]}
 * starts 16 bytes into a line, so its element 12 starts the next one. {@link Packing} starts its
 * packed panels there.
 */
final class Alignment {
    static final int LINE_BYTES = 64;

    /** Floats from a {@code float[]}'s first element to the first one on a line start; 0 where the JVM leaves it open. */
    static final int FIRST_ELEMENT_ON_A_LINE = firstLine(option("ObjectAlignmentInBytes"), option("UseCompressedClassPointers"),
            option("UseCompactObjectHeaders"));

    private Alignment() {
    }

    //> alignment first-line
    /**
     * The index of the first element of a {@code float[]} on a line start, given three of HotSpot's
     * options (null for one this JVM does not have), or 0 when they do not fix it.
     */
    static int firstLine(String objectAlignment, String compressedClassPointers, String compactHeaders) {
        int alignment;
        try {
            alignment = Integer.parseInt(objectAlignment);
        } catch (NumberFormatException e) {
            return 0;
        }
        if (alignment % LINE_BYTES != 0) {
            return 0;                                   // objects start anywhere in a line
        }
        int header;
        if ("true".equals(compactHeaders)) {
            header = 12;                                // mark word and class pointer in 8 bytes, then the length
        } else if ("true".equals(compressedClassPointers)) {
            header = 16;
        } else {
            return 0;                                   // a layout not worked out here: no promise
        }
        return (LINE_BYTES - header) % LINE_BYTES / Float.BYTES;
    }
    //< alignment first-line

    private static String option(String name) {
        try {
            return ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class).getVMOption(name).getValue();
        } catch (IllegalArgumentException | UnsupportedOperationException e) {
            return null;                                // not a HotSpot option here
        }
    }
}
