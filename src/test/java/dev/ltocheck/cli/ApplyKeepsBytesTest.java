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
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

    /** Runs a command in {@code folder}; its exit code, with what it printed in the message. */
    private static void run(Path folder, String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).directory(folder.toFile()).redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), log);
        assertEquals(0, p.exitValue(), String.join(" ", command) + ": " + log);
    }

    private static int count(byte[] haystack, byte[] needle) {
        int n = 0;
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            if (Arrays.equals(haystack, i, i + needle.length, needle, 0, needle.length)) {
                n++;
            }
        }
        return n;
    }

    /**
     * What fix prints ({@code ltocheck fix > p.diff}) makes, through git apply and through patch -p1,
     * the very bytes fix --apply writes: a Latin-1 context line of an insertion comes out as the
     * file has it, and a file that ends without a newline gets the diff's "\ No newline at end of file"
     * where its last line is in a hunk, changed (arch/x86/kernel: sev's line goes after the last
     * endif) or not (arch/x86/mm: the last line is context and keeps no newline).
     */
    @Test
    void thePrintedDiffAppliesToTheBytesApplyWrites() throws IOException, InterruptedException {
        Path tree = dir.resolve("x86-pie");
        FileUtils.copyDirectory(Samples.dir("x86-pie").toFile(), tree.toFile());
        Path kernel = tree.resolve("arch/x86/kernel/Makefile");
        Path mm = tree.resolve("arch/x86/mm/Makefile");
        // The Latin-1 line goes just above line 23, CFLAGS_head64.o += $(PIE_CFLAGS), which head64's line follows.
        List<byte[]> kernelLines = new ArrayList<>(lines(Files.readAllBytes(kernel)));
        kernelLines.add(22, LATIN_1);
        ByteArrayOutputStream kernelBytes = new ByteArrayOutputStream();
        kernelLines.forEach(kernelBytes::writeBytes);
        byte[] k = kernelBytes.toByteArray();
        Files.write(kernel, Arrays.copyOf(k, k.length - 1));
        byte[] m = Files.readAllBytes(mm);
        Files.write(mm, Arrays.copyOf(m, m.length - 1));
        List<String> files = List.of("arch/x86/kernel/Makefile", "arch/x86/mm/Makefile");
        List<byte[]> before = List.of(Files.readAllBytes(kernel), Files.readAllBytes(mm));
        Path copy = dir.resolve("copy");
        FileUtils.copyDirectory(tree.toFile(), copy.toFile());
        Path patched = dir.resolve("patched");
        FileUtils.copyDirectory(tree.toFile(), patched.toFile());
        String cmd = tree.resolve(".vmlinux.o.cmd").toString();

        CliRunner.RawRun printed = CliProcess.inRaw(tree, "fix", "--no-cache", "--srctree", tree.toString(),
                "--link-cmd", cmd);
        assertEquals(0, printed.exitCode(), printed.err());
        byte[] diff = printed.out();
        assertEquals(1, count(diff, ("\n " + new String(LATIN_1, StandardCharsets.ISO_8859_1)).getBytes(StandardCharsets.ISO_8859_1)),
                new String(diff, StandardCharsets.UTF_8));
        assertEquals(2, count(diff, "\n\\ No newline at end of file\n".getBytes(StandardCharsets.US_ASCII)),
                new String(diff, StandardCharsets.UTF_8));
        Path patch = dir.resolve("p.diff");
        Files.write(patch, diff);
        run(copy, "git", "apply", patch.toString());
        run(patched, "patch", "-p1", "--quiet", "-i", patch.toString());

        CliRunner.Run applied = CliRunner.run("fix", "--apply", "--no-cache", "--srctree", tree.toString(), "--link-cmd", cmd);
        assertEquals(0, applied.exitCode(), applied.out() + applied.err());
        for (int i = 0; i < files.size(); i++) {
            String file = files.get(i);
            byte[] written = Files.readAllBytes(tree.resolve(file));
            assertFalse(Arrays.equals(before.get(i), written), file + " changed");
            assertArrayEquals(written, Files.readAllBytes(copy.resolve(file)), file + " through git apply");
            assertArrayEquals(written, Files.readAllBytes(patched.resolve(file)), file + " through patch -p1");
        }
    }
}
