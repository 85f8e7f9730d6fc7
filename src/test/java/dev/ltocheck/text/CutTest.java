package dev.ltocheck.text;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class CutTest {
    @Test
    void aListPastItsLimitEndsWithHowManyMore() {
        List<String> eight = List.of("a", "b", "c", "d", "e", "f", "g", "h");
        assertEquals("a, b, c, d, e, f ... and 2 more", Cut.join(eight, 6));
        assertEquals("a, b, c, d, e, f, g, h", Cut.join(eight, 8));
        assertEquals("... and 1 more", Cut.rest(7, 6));
        assertEquals("", Cut.rest(6, 6));
        assertEquals(" ... and 3 more", Cut.after(9, 6));
        assertEquals("", Cut.after(2, 6));
    }
}
