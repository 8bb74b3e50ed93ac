package vae.fast;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class AlignmentTest {

    @Test
    void objectsOnLinesAndA16ByteHeaderPutElement12OnALine() {
        assertEquals(12, Alignment.firstLine("64", "true", "false"));
        assertEquals(12, Alignment.firstLine("64", "true", null));      // JDK 17: no compact headers at all
        assertEquals(12, Alignment.firstLine("128", "true", "false"));
    }

    @Test
    void aCompactHeaderOf12BytesPutsElement13OnALine() {
        assertEquals(13, Alignment.firstLine("64", "true", "true"));
    }

    @Test
    void noPromiseWhereObjectsStartAnywhereInALineOrTheHeaderIsNotKnown() {
        assertEquals(0, Alignment.firstLine("8", "true", "false"));      // HotSpot's default
        assertEquals(0, Alignment.firstLine("32", "true", "false"));
        assertEquals(0, Alignment.firstLine("64", "false", "false"));    // full class pointers
        assertEquals(0, Alignment.firstLine(null, null, null));          // not HotSpot
    }

    @Test
    void theTestsRunWithTheAlignmentTrainingUses() {
        // surefire's argLine, like .mvn/jvm.config and bench/epoch.sh, asks for -XX:ObjectAlignmentInBytes=64,
        // so every product in the tests runs with its panels where training puts them
        assertEquals(Alignment.firstLine("64", "true", "false"), Packing.PANELS_START);
    }
}
