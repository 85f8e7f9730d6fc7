package dev.ltocheck.apply;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The read the tree's writer and a kbuild edit rest on: a regular file only, never through a link, bounded. */
class RegularBytesTest {
    @TempDir
    Path dir;

    @Test
    void readsARegularFileWithinItsBoundByteForByte() throws IOException {
        byte[] latin1 = {'#', ' ', 'J', (byte) 0xf6, 'r', 'g', '\n'};
        Path file = Files.write(dir.resolve("Makefile"), latin1);
        assertArrayEquals(latin1, RegularBytes.read(file, latin1.length).orElseThrow());
        assertEquals(Optional.empty(), RegularBytes.read(file, latin1.length - 1));
    }

    @Test
    void aLinkAtTheNameIsNotFollowed() throws IOException {
        Path target = Files.writeString(dir.resolve("target"), "x\n");
        Path link = Files.createSymbolicLink(dir.resolve("Makefile"), target);
        IOException e = assertThrows(IOException.class, () -> RegularBytes.read(link, 100));
        assertEquals(link + " is a symbolic link", e.getMessage());
    }

    @Test
    @Timeout(10)
    void aFifoIsNeverOpened() throws Exception {
        Path fifo = dir.resolve("Makefile");
        assertEquals(0, new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor());
        IOException e = assertThrows(IOException.class, () -> RegularBytes.read(fifo, 100));
        assertTrue(e.getMessage().endsWith(" is not a regular file"), e.getMessage());
    }
}
