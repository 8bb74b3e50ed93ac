package vae.fast;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The width that vae.vector.bits asks for is the one every vector kernel uses; other values are refused. */
class VectorWidthTest {

    @Test
    void theWidthAskedForIsTheOneUsed() {
        String asked = System.getProperty(VectorWidth.PROPERTY);
        if (asked != null && !asked.isBlank()) {
            assertEquals(Integer.parseInt(asked), VectorWidth.SPECIES.vectorBitSize());
        }
        assertEquals(VectorWidth.SPECIES, MatMul.SPECIES);
        assertEquals(VectorWidth.SPECIES, VectorKernels.SPECIES);
        assertEquals(VectorWidth.SPECIES, VectorMath.SPECIES);
        assertEquals(0, Workspace.SUMS % MatMul.L, "a block of partial sums is whole vectors");
    }

    @Test
    void aWidthThatIsNoneOfTheFourIsRefusedInOneLine() {
        for (String good : List.of("64", "128", "256", "512", " 256 ", "")) {
            assertNull(VectorWidth.problem(good), good);
        }
        for (String bad : List.of("32", "1024", "avx2", "256bits")) {
            String problem = VectorWidth.problem(bad);
            assertNotNull(problem, bad);
            assertTrue(problem.contains("vae.vector.bits=" + bad) && !problem.contains("\n"), problem);
        }
    }

}
