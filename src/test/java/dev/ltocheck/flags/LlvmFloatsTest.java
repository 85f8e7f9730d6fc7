package dev.ltocheck.flags;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Doubles printed as llvm-dis 20.1.7 prints them (src/test/resources/floats: the .ll assembled and
 * disassembled by the bundled tools): six significant digits and a padding zero when that reads
 * back as the same double (0.1, 1.5), else the bits in hex (1.234567, whose six digits do not).
 */
class LlvmFloatsTest {
    private static final Pattern DOUBLE = Pattern.compile("double (0x[0-9A-F]{16}|[0-9.e+\\-]+)");

    @Test
    void everyDoubleIsPrintedAsLlvmDisPrintsIt() throws Exception {
        List<String> golden = Files.readAllLines(Path.of("src/test/resources/floats/doubles.dis.txt")).stream()
                .filter(l -> !l.startsWith("#")).toList();
        int compared = 0;
        for (String line : golden) {
            Matcher m = DOUBLE.matcher(line);
            if (m.find()) {
                String text = m.group(1);
                double value = text.startsWith("0x") ? Double.longBitsToDouble(Long.parseUnsignedLong(text.substring(2), 16))
                        : Double.parseDouble(text);
                assertEquals(text, LlvmFloats.text(value), line);
                compared++;
            }
        }
        assertTrue(compared >= 5, "doubles in the golden: " + compared);
        assertEquals("0x3FF3C0C9539B8887", LlvmFloats.text(1.234567));
    }
}
