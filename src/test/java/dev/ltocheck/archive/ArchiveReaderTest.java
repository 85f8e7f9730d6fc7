package dev.ltocheck.archive;

import dev.ltocheck.support.Tools;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Archives written by the bundled llvm-ar, read back member by member. */
class ArchiveReaderTest {
    @TempDir
    Path dir;

    /** Members of sizes 1..5 (odd sizes need a padding byte) and names past the 15-character limit. */
    private List<String> writeMembers() throws IOException {
        List<String> names = List.of("a.o", "bb.o", "a_name_longer_than_sixteen.o", "ccc.o", "another_very_long_member_name.o");
        for (int i = 0; i < names.size(); i++) {
            byte[] content = new byte[i + 1];
            Arrays.fill(content, (byte) ('A' + i));
            Files.write(dir.resolve(names.get(i)), content);
        }
        return names;
    }

    private void assertMembers(Archive archive, ByteBuffer bytes, List<String> names) throws IOException {
        assertTrue(archive.damage().isEmpty(), () -> archive.damage().get().getMessage());
        assertEquals(names, archive.members().stream().map(ArchiveMember::name).toList());
        for (ArchiveMember m : archive.members()) {
            byte[] expected = Files.readAllBytes(dir.resolve(m.name()));
            assertEquals(expected.length, m.size(), m.name());
            if (!archive.thin()) {
                byte[] actual = new byte[(int) m.size()];
                bytes.get((int) m.dataOffset(), actual);
                assertArrayEquals(expected, actual, m.name());
            }
            // every member header starts on an even offset with the ar header terminator at +58
            assertEquals(0, m.headerOffset() % 2);
            assertEquals('`', bytes.get((int) m.headerOffset() + 58));
        }
    }

    @Test
    void gnuArchiveWithLongNamesAndPadding() throws IOException {
        List<String> names = writeMembers();
        Tools.check(dir, "llvm-ar", concat("rcS", "--format=gnu", "lib.a", names));
        ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(dir.resolve("lib.a")));
        Archive archive = ArchiveReader.read(bytes);
        assertFalse(archive.thin());
        assertMembers(archive, bytes, names);
    }

    @Test
    void gnuArchiveWithSymbolTable() throws IOException {
        List<String> names = writeMembers();
        Tools.check(dir, "llvm-ar", concat("rcs", "--format=gnu", "lib.a", names));
        ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(dir.resolve("lib.a")));
        assertMembers(ArchiveReader.read(bytes), bytes, names);
    }

    @Test
    void bsdArchiveNames() throws IOException {
        List<String> names = writeMembers();
        Tools.check(dir, "llvm-ar", concat("rcS", "--format=bsd", "lib.a", names));
        ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(dir.resolve("lib.a")));
        assertMembers(ArchiveReader.read(bytes), bytes, names);
    }

    @Test
    void thinArchiveStoresNamesNotData() throws IOException {
        List<String> names = writeMembers();
        Tools.check(dir, "llvm-ar", concat("rcST", "lib.a", names));
        ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(dir.resolve("lib.a")));
        Archive archive = ArchiveReader.read(bytes);
        assertTrue(archive.thin());
        assertMembers(archive, bytes, names);
        assertTrue(archive.members().stream().allMatch(ArchiveMember::isExternal));
    }

    @Test
    void truncatedArchiveKeepsTheMembersBeforeTheCut() throws IOException {
        List<String> names = writeMembers();
        Tools.check(dir, "llvm-ar", concat("rcS", "--format=gnu", "lib.a", names));
        byte[] whole = Files.readAllBytes(dir.resolve("lib.a"));
        ByteBuffer full = ByteBuffer.wrap(whole);
        ArchiveMember last = ArchiveReader.read(full).members().get(names.size() - 1);
        // Cut inside the last member's header, then inside its data.
        for (long cut : new long[]{last.headerOffset() + 30, last.dataOffset() + 2}) {
            ByteBuffer truncated = ByteBuffer.wrap(Arrays.copyOf(whole, (int) cut));
            Archive archive = ArchiveReader.read(truncated);
            assertEquals(names.subList(0, names.size() - 1), archive.members().stream().map(ArchiveMember::name).toList());
            assertTrue(archive.damage().isPresent());
            assertEquals(last.headerOffset(), archive.damage().get().offset());
        }
    }

    @Test
    void corruptSizeFieldIsReportedNotThrown() throws IOException {
        List<String> names = writeMembers();
        Tools.check(dir, "llvm-ar", concat("rcS", "--format=gnu", "lib.a", names));
        byte[] bytes = Files.readAllBytes(dir.resolve("lib.a"));
        ArchiveMember second = ArchiveReader.read(ByteBuffer.wrap(bytes)).members().get(1);
        byte[] huge = "9999999999".getBytes();
        System.arraycopy(huge, 0, bytes, (int) second.headerOffset() + 48, huge.length);
        Archive archive = ArchiveReader.read(ByteBuffer.wrap(bytes));
        assertEquals(1, archive.members().size());
        assertTrue(archive.damage().get().getMessage().contains("declares 9999999999 bytes"),
                archive.damage().get().getMessage());
    }

    @Test
    void notAnArchive() {
        Archive archive = ArchiveReader.read(ByteBuffer.wrap("hello".getBytes()));
        assertTrue(archive.members().isEmpty());
        assertTrue(archive.damage().isPresent());
    }

    private static String[] concat(String a, String b, List<String> rest) {
        return concat(List.of(a, b), rest);
    }

    private static String[] concat(String a, String b, String c, List<String> rest) {
        return concat(List.of(a, b, c), rest);
    }

    private static String[] concat(List<String> head, List<String> rest) {
        return java.util.stream.Stream.concat(head.stream(), rest.stream()).toArray(String[]::new);
    }
}
