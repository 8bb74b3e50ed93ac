package vae.fast;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The JIT keeps the kernels' vectors in registers at every width this machine's JIT compiles
 * (narrowed by {@code -XX:MaxVectorSize}): after warming up, a training step's heaviest kernels
 * allocate next to nothing. The JIT falls back to vectors boxed on the heap, ten to a hundred times
 * slower, when it cannot see which species a vector is: for one, when the program makes vectors of
 * two float species, and a method of the Vector API meets both. JDK 17 then boxed every vector
 * of the micro-kernels on an AVX-512 machine: 1.5 GB a step, 30 to 60 times slower (bench/NOTEBOOK.md,
 * "One species of floats"). A width wider than the hardware's is emulated, boxed by design, and
 * not tried here.
 */
class VectorsInRegistersTest {
    /** A step allocates about 18 KB (the kernels' small objects); boxed vectors make it megabytes. */
    static final long MOST_BYTES_PER_STEP = 1 << 20;
    /**
     * JVMs tried before the test fails. JDK 17's JIT now and then compiles the loss with some of its
     * vectors boxed, 6 to 13 MB a step, in 3 JVMs of 15 here (bench/NOTEBOOK.md, "JDK 17
     * and JDK 25"): that comes and goes from one JVM to the next. A second species boxes in every one.
     */
    static final int JVMS = 3;

    @ParameterizedTest(name = "{0} bytes a vector")
    @ValueSource(ints = {16, 32, 64})
    void aTrainingStepAllocatesNoVectors(int vectorBytes) throws Exception {
        int own = FloatVector.SPECIES_PREFERRED.vectorByteSize();
        assumeTrue(vectorBytes <= own,
                "this machine's vectors are " + own + " bytes: " + vectorBytes + " would be emulated");
        List<Long> steps = new ArrayList<>();     // bytes a step, in one JVM after another while they box
        boolean boxed = true;
        for (int jvm = 0; jvm < JVMS && boxed; jvm++) {
            List<String> lines = probe(vectorBytes);
            assertEquals("species " + VectorSpecies.of(float.class, VectorShape.forBitSize(8 * vectorBytes)), lines.get(0));
            steps.add(Long.parseLong(lines.get(1).substring("bytes per step ".length())));
            boxed = steps.get(jvm) >= MOST_BYTES_PER_STEP;
        }
        assertFalse(boxed, "a step allocates " + steps + " bytes at " + vectorBytes + " bytes a vector, in "
                + steps.size() + " JVMs: the JIT boxes vectors");
    }

    private static List<String> probe(int vectorBytes) throws IOException, InterruptedException {
        return ForkedJvm.run("the probe at " + vectorBytes + " bytes a vector", List.of("-XX:MaxVectorSize=" + vectorBytes),
                BoxingProbe.class, "12", "30");
    }
}
