package dev.ltocheck.cli;

import dev.ltocheck.support.Samples;
import org.apache.commons.io.FileUtils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * fix --apply changes a kbuild file by the lines it adds and nothing else: a line it does not touch
 * keeps its bytes even when they are not UTF-8 (a Latin-1 name in a comment, as older kernel files
 * have), and a file without a final newline still has none where the patch did not reach its end.
 */
class ApplyKeepsBytesTest {
    @TempDir
    Path dir;

    private static final byte[] LATIN_1 = "# (c) J\u00f6rg M\u00fcller, Stra\u00dfe 1\n".getBytes(StandardCharsets.ISO_8859_1);

    /** {@code bytes} split after each '\n' (the last piece as it is). */
    private static List<byte[]> lines(byte[] bytes) {
        List<byte[]> out = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == '\n') {
                out.add(Arrays.copyOfRange(bytes, start, i + 1));
                start = i + 1;
            }
        }
        if (start < bytes.length) {
            out.add(Arrays.copyOfRange(bytes, start, bytes.length));
        }
        return out;
    }

    @Test
    void linesThePatchDoesNotTouchKeepTheirBytes() throws IOException {
        Path tree = dir.resolve("x86-pie");
        FileUtils.copyDirectory(Samples.dir("x86-pie").toFile(), tree.toFile());
        Path kernel = tree.resolve("arch/x86/kernel/Makefile");
        Path mm = tree.resolve("arch/x86/mm/Makefile");
        ByteArrayOutputStream withLatin1 = new ByteArrayOutputStream();
        withLatin1.writeBytes(LATIN_1);
        withLatin1.writeBytes(Files.readAllBytes(kernel));
        withLatin1.writeBytes(LATIN_1);
        Files.write(kernel, withLatin1.toByteArray());
        // mm's lines go in the middle (after lines 8 and 9): its last line, left without a newline, stays so.
        byte[] mmText = Files.readAllBytes(mm);
        Files.write(mm, Arrays.copyOf(mmText, mmText.length - 1));
        byte[] kernelBefore = Files.readAllBytes(kernel);
        byte[] mmBefore = Files.readAllBytes(mm);
        String cmd = tree.resolve(".vmlinux.o.cmd").toString();

        CliRunner.Run run = CliRunner.run("fix", "--apply", "--srctree", tree.toString(), "--link-cmd", cmd);
        assertEquals(0, run.exitCode(), run.out() + run.err());
        List<String> added = run.out().lines().filter(l -> l.startsWith("+CFLAGS_REMOVE_")).map(l -> l.substring(1)).toList();
        assertEquals(5, added.size(), run.out());
        for (Path file : List.of(kernel, mm)) {
            byte[] before = file == kernel ? kernelBefore : mmBefore;
            List<byte[]> now = lines(Files.readAllBytes(file));
            List<byte[]> kept = now.stream().filter(l -> !added.contains(new String(l, StandardCharsets.UTF_8).strip())).toList();
            ByteArrayOutputStream rest = new ByteArrayOutputStream();
            kept.forEach(rest::writeBytes);
            assertArrayEquals(before, rest.toByteArray(), file + ": every line but the added ones as it was");
            assertEquals(now.size(), kept.size() + added.stream().filter(a -> now.stream()
                    .anyMatch(l -> new String(l, StandardCharsets.UTF_8).equals(a + "\n"))).count(), file.toString());
        }
    }
}
