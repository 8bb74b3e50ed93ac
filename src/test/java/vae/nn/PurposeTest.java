package vae.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PurposeTest {

    @Test
    void everyPurposeHasAnIdOfItsOwn() {
        Set<Long> ids = new HashSet<>();
        for (Purpose p : Purpose.values()) {
            assertTrue(ids.add(p.id), p + " shares its id " + p.id + " with another purpose");
        }
    }

    @Test
    void aPurposesStreamIsTheStreamOfItsId() {
        assertEquals(Rng.stream(42, 1, 7).nextLong(), Rng.stream(42, Purpose.SHUFFLE, 7).nextLong());
        assertEquals(Rng.stream(42, 103, 0).nextLong(), Rng.stream(42, Purpose.SAMPLE_NOISE, 0).nextLong());
    }
}
