package dev.ltocheck.archive;

import dev.ltocheck.cli.Main;
import dev.ltocheck.support.Samples;
import dev.ltocheck.support.Tools;
import org.apache.commons.io.FileUtils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Archive headers written by an attacker: every number is an unsigned 64-bit value checked against
 * what is left, damage stops reading with the members before it kept, and nothing throws.
 */
class HostileArchiveTest {
    private static final byte[] BITCODE_MAGIC = {'B', 'C', (byte) 0xc0, (byte) 0xde};

    @TempDir
    Path dir;

    /** A 60-byte ar member header. */
    static byte[] header(String name, String size) {
        String h = pad(name, 16) + pad("0", 12) + pad("0", 6) + pad("0", 6) + pad("644", 8) + pad(size, 10) + "`\n";
        assertEquals(60, h.length());
        return h.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static String pad(String s, int width) {
        return s + " ".repeat(width - s.length());
    }

    private static final class Bytes {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        Bytes add(String s) {
            return add(s.getBytes(StandardCharsets.ISO_8859_1));
        }

        Bytes add(byte[] b) {
            out.writeBytes(b);
            return this;
        }

        /** The offset the next header will have. */
        int at() {
            return out.size();
        }

        ByteBuffer buffer() {
            return ByteBuffer.wrap(out.toByteArray());
        }
    }

    private static List<String> names(Archive archive) {
        return archive.members().stream().map(ArchiveMember::name).toList();
    }

    @ParameterizedTest
    @ValueSource(strings = {"2147483648", "4294967295", "4294967300", "9999999999999"})
    void bsdNameLengthsBeyondTheMemberAreDamageNotExceptions(String length) {
        Bytes b = new Bytes().add(ArchiveReader.MAGIC).add(header("a.o/", "4")).add(BITCODE_MAGIC);
        int bad = b.at();
        b.add(header("#1/" + length, "8")).add(BITCODE_MAGIC).add("name")
                .add(header("c.o/", "4")).add(BITCODE_MAGIC);
        Archive archive = ArchiveReader.read(b.buffer());
        assertEquals(List.of("a.o"), names(archive));
        ArchiveFormatException damage = archive.damage().orElseThrow();
        assertEquals(bad, damage.offset());
        assertEquals("BSD name length " + length + " exceeds the member's 8 bytes", damage.getMessage());
    }

    @Test
    void aBsdNameThatFitsIsRead() {
        Bytes b = new Bytes().add(ArchiveReader.MAGIC).add(header("#1/12", "16")).add("long_name.o\0").add(BITCODE_MAGIC);
        Archive archive = ArchiveReader.read(b.buffer());
        assertTrue(archive.damage().isEmpty());
        ArchiveMember m = archive.members().get(0);
        assertEquals("long_name.o", m.name());
        assertEquals(4, m.size());
        assertEquals(8 + 60 + 12, m.dataOffset());
    }

    @Test
    void aThinBsdNamePastTheEndIsDamage() {
        Bytes b = new Bytes().add(ArchiveReader.THIN_MAGIC).add(header("a.o/", "1234"));
        int bad = b.at();
        b.add(header("#1/50", "60")).add("short.o\0\0\0");
        Archive archive = ArchiveReader.read(b.buffer());
        assertTrue(archive.thin());
        assertEquals(List.of("a.o"), names(archive));
        assertEquals(bad, archive.damage().orElseThrow().offset());
        assertEquals("BSD name length 50 but only 10 bytes remain", archive.damage().get().getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"/6", "/99999", "/999999999999999"})
    void longNameOffsetsOutsideTheTableAreDamage(String reference) {
        Bytes b = new Bytes().add(ArchiveReader.MAGIC).add(header("//", "6")).add("x.o/\n\n")
                .add(header("/0", "4")).add(BITCODE_MAGIC);
        int bad = b.at();
        b.add(header(reference, "4")).add(BITCODE_MAGIC);
        Archive archive = ArchiveReader.read(b.buffer());
        assertEquals(List.of("x.o"), names(archive));
        assertEquals(bad, archive.damage().orElseThrow().offset());
        assertEquals("long name offset " + reference.substring(1) + " outside the // table (6 bytes)",
                archive.damage().get().getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"/", "//", "/SYM64/", "__.SYMDEF"})
    void tableSizesBeyondTheFileAreDamageInRegularAndThinArchives(String table) {
        for (String magic : List.of(ArchiveReader.MAGIC, ArchiveReader.THIN_MAGIC)) {
            Bytes b = new Bytes().add(magic).add(header("a.o/", "4"));
            if (magic.equals(ArchiveReader.MAGIC)) {
                b.add(BITCODE_MAGIC);
            }
            int bad = b.at();
            b.add(header(table, "9999999999")).add("0123");
            Archive archive = ArchiveReader.read(b.buffer());
            assertEquals(List.of("a.o"), names(archive), magic);
            assertEquals(bad, archive.damage().orElseThrow().offset());
            assertEquals("member '" + table + "' declares 9999999999 bytes but only 4 remain",
                    archive.damage().get().getMessage());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"-1", "0x10", "1e9", "+4", "4 4", "4a"})
    void sizesThatAreNotPlainDecimalsAreDamage(String size) {
        Bytes b = new Bytes().add(ArchiveReader.MAGIC).add(header("a.o/", "4")).add(BITCODE_MAGIC);
        int bad = b.at();
        b.add(header("b.o/", size)).add(BITCODE_MAGIC);
        Archive archive = ArchiveReader.read(b.buffer());
        assertEquals(List.of("a.o"), names(archive));
        assertEquals(bad, archive.damage().orElseThrow().offset());
    }

    @Test
    void numbersAreUnsignedSixtyFourBitValues() throws ArchiveFormatException {
        assertEquals(-1L, ArchiveReader.decimalText("18446744073709551615", 8, "size"), "2^64-1, unsigned");
        ArchiveFormatException e = org.junit.jupiter.api.Assertions.assertThrows(ArchiveFormatException.class,
                () -> ArchiveReader.decimalText("18446744073709551616", 8, "size"));
        assertEquals("member header size 18446744073709551616 does not fit in 64 bits", e.getMessage());
    }

    /**
     * Every header field of archives llvm-ar wrote (GNU with long names and a symbol table, BSD,
     * thin), replaced by each hostile number: reading never throws, and every member it returns
     * lies inside the file.
     */
    @Test
    void everyHeaderFieldOfRealArchivesWithHostileNumbers() throws IOException {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            String name = i % 2 == 0 ? "m" + i + ".o" : "a_member_name_longer_than_sixteen_" + i + ".o";
            Files.write(dir.resolve(name), Arrays.copyOf(BITCODE_MAGIC, 3 + i));
            names.add(name);
        }
        List<String> hostile = List.of("2147483647", "2147483648", "4294967295", "4294967296", "4294967300",
                "9999999999", "0", "1", "59", "60", "61", "-1", "");
        int cases = 0;
        for (List<String> flags : List.of(List.of("rcs", "--format=gnu"), List.of("rcS", "--format=bsd"),
                List.of("rcsT", "--format=gnu"))) {
            List<String> args = new ArrayList<>(flags);
            args.add("lib.a");
            args.addAll(names);
            Files.deleteIfExists(dir.resolve("lib.a"));
            Tools.check(dir, "llvm-ar", args.toArray(String[]::new));
            byte[] original = Files.readAllBytes(dir.resolve("lib.a"));
            List<Long> headers = headerOffsets(original);
            assertFalse(headers.isEmpty());
            for (long h : headers) {
                // size (48, 10 wide), a /N reference or a #1/N length in the name (0, 16 wide)
                for (String value : hostile) {
                    for (String[] field : new String[][]{{"48", "10", ""}, {"0", "16", "/"}, {"0", "16", "#1/"}}) {
                        String text = field[2] + value;
                        int width = Integer.parseInt(field[1]);
                        if (text.length() > width) {
                            continue;
                        }
                        byte[] mutated = original.clone();
                        byte[] padded = pad(text, width).getBytes(StandardCharsets.ISO_8859_1);
                        System.arraycopy(padded, 0, mutated, (int) h + Integer.parseInt(field[0]), width);
                        assertInside(ArchiveReader.read(ByteBuffer.wrap(mutated)), mutated.length);
                        cases++;
                    }
                }
            }
        }
        assertTrue(cases > 300, cases + " cases");
    }

    private static void assertInside(Archive archive, int fileSize) {
        for (ArchiveMember m : archive.members()) {
            assertTrue(m.headerOffset() >= 8 && m.headerOffset() + 60 <= fileSize, m.toString());
            if (!m.isExternal()) {
                assertTrue(m.size() >= 0 && m.dataOffset() + m.size() <= fileSize, m.toString());
            }
        }
    }

    /** The header offsets of an undamaged archive, tables included. */
    private static List<Long> headerOffsets(byte[] archive) {
        boolean thin = new String(archive, 0, 8, StandardCharsets.ISO_8859_1).equals(ArchiveReader.THIN_MAGIC);
        List<Long> offsets = new ArrayList<>();
        long at = 8;
        while (at + 60 <= archive.length) {
            offsets.add(at);
            String name = new String(archive, (int) at, 16, StandardCharsets.ISO_8859_1).strip();
            long size = Long.parseLong(new String(archive, (int) at + 48, 10, StandardCharsets.ISO_8859_1).strip());
            boolean table = name.equals("/") || name.equals("//") || name.startsWith("__.SYMDEF");
            long next = at + 60 + (thin && !table ? 0 : size);
            at = next + (next & 1);
        }
        return offsets;
    }

    /** The CLI on the clean sample with the headers appended to vmlinux.a: one line, exit 3, the rest analysed. */
    @ParameterizedTest
    @ValueSource(strings = {"#1/2147483648", "#1/4294967295", "#1/4294967300", "#1/50"})
    void theRestOfTheLinkIsAnalysed(String name) throws IOException {
        Path tree = dir.resolve("clean");
        FileUtils.copyDirectory(Samples.dir("clean").toFile(), tree.toFile());
        Path archive = tree.resolve("vmlinux.a");
        long offset = Files.size(archive);
        // vmlinux.a is thin: "#1/50" fits its member's 60 bytes but runs past the end of the file.
        boolean pastTheEnd = name.equals("#1/50");
        Files.write(archive, header(name, pastTheEnd ? "60" : "8"), StandardOpenOption.APPEND);
        Files.write(archive, new byte[]{'B', 'C', (byte) 0xc0, (byte) 0xde, 0, 0, 0, 0}, StandardOpenOption.APPEND);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(new PrintWriter(out), new PrintWriter(err), "check", "--no-cache", "--link-cmd",
                tree.resolve(".vmlinux.o.cmd").toString());
        String why = pastTheEnd ? "BSD name length 50 but only 8 bytes remain"
                : "BSD name length " + name.substring(3) + " exceeds the member's 8 bytes";
        assertEquals(3, code, out + err.toString());
        assertEquals(List.of("ltocheck: vmlinux.a: archive damaged at offset " + offset + ": " + why
                + "; 28 members before it were read"), err.toString().lines().toList());
        assertTrue(out.toString().contains("Incomplete: read 30 objects, skipped 1"), out.toString());
    }
}
