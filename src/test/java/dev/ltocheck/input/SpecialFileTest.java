package dev.ltocheck.input;

import dev.ltocheck.cli.Main;
import dev.ltocheck.kbuild.KernelLink;
import dev.ltocheck.support.Samples;
import org.apache.commons.io.FileUtils;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Only regular files are read. A FIFO (which blocks whoever opens it until someone writes), a
 * device, a socket or a folder where a file is expected is one line naming it and what it is,
 * exit 2 or 3, and the rest of the link is analysed. The timeouts guard against a hang (the
 * outcome before this check); they are not speed targets.
 */
class SpecialFileTest {
    @TempDir
    Path work;
    private Path tree;

    record Run(int exitCode, String out, String err) {
        List<String> errLines() {
            return err.lines().toList();
        }
    }

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(new PrintWriter(out), new PrintWriter(err), args);
        return new Run(code, out.toString(), err.toString());
    }

    @BeforeEach
    void copyCleanSample() throws IOException {
        tree = work.resolve("clean");
        FileUtils.copyDirectory(Samples.dir("clean").toFile(), tree.toFile());
    }

    private static void mkfifo(Path path) throws IOException, InterruptedException {
        Files.deleteIfExists(path);
        Process p = new ProcessBuilder("mkfifo", path.toString()).inheritIO().start();
        assertEquals(0, p.waitFor());
    }

    private Run checkLink() {
        return run("check", "--no-cache", "--link-cmd", tree.resolve(".vmlinux.o.cmd").toString());
    }

    /** The clean sample's link with mm/numa.o (member at 1084) not a regular file: 29 of 30 objects read. */
    private void assertNumaRefused(String what) {
        Run run = checkLink();
        assertEquals(3, run.exitCode(), run.out() + run.err());
        assertEquals(List.of("ltocheck: vmlinux.a(numa.o at 1084): thin archive member mm/numa.o is " + what
                + ", not a regular file"), run.errLines());
        assertTrue(run.out().contains("Incomplete: read 29 objects, skipped 1"), run.out());
    }

    @Test
    @Timeout(10)
    void aFifoAsThinMember() throws Exception {
        mkfifo(tree.resolve("mm/numa.o"));
        assertNumaRefused("a FIFO");
    }

    @Test
    @Timeout(10)
    void aFolderAsThinMember() throws IOException {
        Files.delete(tree.resolve("mm/numa.o"));
        Files.createDirectory(tree.resolve("mm/numa.o"));
        assertNumaRefused("a directory");
    }

    @Test
    @Timeout(10)
    void aDeviceBehindASymbolicLinkAsThinMember() throws IOException {
        // Links are followed, as lld follows them: what they lead to must be a regular file.
        Files.delete(tree.resolve("mm/numa.o"));
        Files.createSymbolicLink(tree.resolve("mm/numa.o"), Path.of("/dev/zero"));
        assertNumaRefused("a character device");
    }

    @Test
    @Timeout(10)
    void aSocketAsThinMember() throws IOException {
        Files.delete(tree.resolve("mm/numa.o"));
        try (ServerSocketChannel socket = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            socket.bind(UnixDomainSocketAddress.of(tree.resolve("mm/numa.o")));
            assertNumaRefused("a socket");
        }
    }

    @Test
    @Timeout(10)
    void aFifoAsLooseInput() throws Exception {
        Path fifo = tree.resolve("fifo.o");
        mkfifo(fifo);
        Run run = run("check", "--no-cache", tree.resolve("mm/memory.o").toString(), fifo.toString());
        assertEquals(3, run.exitCode(), run.out() + run.err());
        assertEquals(List.of("ltocheck: " + fifo + ": a FIFO, not a regular file"), run.errLines());
        assertTrue(run.out().contains("Incomplete: read 1 object, skipped 1"), run.out());
    }

    @Test
    @Timeout(10)
    void aFifoAsResponseFileOnTheCommandLine() throws Exception {
        Path fifo = tree.resolve("list");
        mkfifo(fifo);
        Run run = run("check", "--no-cache", tree.resolve("mm/memory.o").toString(), "@" + fifo);
        assertEquals(3, run.exitCode(), run.out() + run.err());
        assertEquals(List.of("ltocheck: @" + fifo + ": a FIFO, not a regular file"), run.errLines());
    }

    @Test
    @Timeout(10)
    void aFifoNamedInsideAResponseFile() throws Exception {
        Path fifo = tree.resolve("fifo");
        mkfifo(fifo);
        Path list = tree.resolve("list");
        Files.writeString(list, tree.resolve("mm/memory.o") + " @" + fifo + "\n");
        Run run = run("check", "--no-cache", "@" + list);
        assertEquals(3, run.exitCode(), run.out() + run.err());
        assertEquals(List.of("ltocheck: @" + fifo + ": a FIFO, not a regular file"), run.errLines());
    }

    @Test
    @Timeout(10)
    void aFifoAsResponseFileInsideALinkCommand() throws Exception {
        Path fifo = tree.resolve("objects.rsp");
        mkfifo(fifo);
        Path cmd = tree.resolve(".rsp.cmd");
        Files.writeString(cmd, "savedcmd_vmlinux.o := ld.lld -r -o vmlinux.o mm/memory.o @objects.rsp\n");
        Run run = run("check", "--no-cache", "--link-cmd", cmd.toString());
        assertEquals(3, run.exitCode(), run.out() + run.err());
        assertEquals(List.of("ltocheck: @objects.rsp: a FIFO, not a regular file"), run.errLines());
    }

    @Test
    @Timeout(10)
    void aFolderAsResponseFileIsOneLineNotAnInternalError() throws IOException {
        Run run = run("check", "--no-cache", tree.resolve("mm/memory.o").toString(), "@" + tree.resolve("mm"));
        assertEquals(3, run.exitCode(), run.out() + run.err());
        assertEquals(List.of("ltocheck: @" + tree.resolve("mm") + ": a directory, not a regular file"), run.errLines());
    }

    @Test
    @Timeout(10)
    void aFifoAsLinkCommand() throws Exception {
        Path fifo = tree.resolve("link.cmd");
        mkfifo(fifo);
        Run run = run("check", "--no-cache", "--link-cmd", fifo.toString());
        assertEquals(2, run.exitCode(), run.out() + run.err());
        assertEquals(List.of("ltocheck: cannot read the link command: " + fifo + ": a FIFO, not a regular file"),
                run.errLines());
    }

    @Test
    @Timeout(10)
    void aFifoAsTheSavedKernelLink() throws Exception {
        mkfifo(tree.resolve(".vmlinux.o.cmd"));
        IOException e = assertThrows(IOException.class, () -> KernelLink.find(tree, Optional.of("test"), note -> { }));
        assertEquals(tree.resolve(".vmlinux.o.cmd") + ": a FIFO, not a regular file", e.getMessage());
    }

    @Test
    void picocliAtFileSyntaxIsKept() throws IOException {
        // Options, quotes and comments in an @FILE on the command line, as picocli read them.
        Path opts = tree.resolve("opts");
        Files.writeString(opts, "--no-cache # the cache is not wanted here\n'" + tree.resolve("mm/memory.o") + "'\n");
        Run run = run("flags", "@" + opts);
        assertEquals(0, run.exitCode(), run.out() + run.err());
        assertTrue(run.out().startsWith("1 bitcode module, 0 native objects, 0 unreadable"), run.out());
    }

    @Test
    void aResponseFileAfterTheDashesHoldsLldArguments() throws IOException {
        // Expanded before the arguments are split at "--": its options are ld.lld's, not inputs.
        Path rsp = tree.resolve("rsp");
        Files.writeString(rsp, "-mllvm -import-instr-limit=5 -r " + tree.resolve("mm/memory.o") + "\n");
        Run run = run("check", "--no-cache", "--", "@" + rsp);
        assertEquals(0, run.exitCode(), run.out() + run.err());
        assertEquals("", run.err());
        assertTrue(run.out().contains("Read the 1 object."), run.out());
    }

    /**
     * A thin member naming a file outside the tree: the problem line says what kind of file it
     * is, never its bytes (it printed "starts with 726f6f74", "root").
     */
    @Test
    @Timeout(10)
    void aThinMemberOutsideTheTreeShowsNoneOfItsBytes() throws IOException {
        Path archive = tree.resolve("vmlinux.a");
        long offset = Files.size(archive);
        String header = String.format("%-16s%-12s%-6s%-6s%-8s%-10s`\n", "/etc/passwd/", "0", "0", "0", "644", "0");
        Files.write(archive, header.getBytes(StandardCharsets.US_ASCII), StandardOpenOption.APPEND);
        Run run = checkLink();
        assertEquals(3, run.exitCode(), run.out() + run.err());
        assertEquals(List.of("ltocheck: vmlinux.a(passwd at " + offset + "): neither LLVM bitcode nor an ELF object (text)"),
                run.errLines());
        byte[] passwd = Files.readAllBytes(Path.of("/etc/passwd"));
        byte[] first = java.util.Arrays.copyOf(passwd, Math.min(4, passwd.length));
        String hex = java.util.HexFormat.of().formatHex(first);
        assertFalse(run.out().contains(hex) || run.err().contains(hex), hex);
        assertFalse(run.out().contains("root:") || run.err().contains("root:"));
    }

    /** What an object that is neither bitcode nor ELF is said to be: its kind, in words. */
    @Test
    void unknownObjectsAreDescribedNotDumped() {
        assertEquals("an empty file", ObjectFormat.describeOther(bytes()));
        assertEquals("text", ObjectFormat.describeOther(bytes("root:x:0:0:root:/root:/bin/bash\n")));
        assertEquals("zero bytes at its start (cut off or never written?)", ObjectFormat.describeOther(ByteBuffer.allocate(100)));
        assertEquals("an ar archive", ObjectFormat.describeOther(bytes("!<arch>\n")));
        assertEquals("a Mach-O file", ObjectFormat.describeOther(bytes(0xcf, 0xfa, 0xed, 0xfe, 7, 0, 0, 1)));
        assertEquals("a PE/COFF file", ObjectFormat.describeOther(bytes("MZ\u0090\u0000")));
        assertEquals("compressed data", ObjectFormat.describeOther(bytes(0x1f, 0x8b, 8, 0)));
        assertEquals("a WebAssembly file", ObjectFormat.describeOther(bytes(0, 'a', 's', 'm', 1, 0, 0, 0)));
        assertEquals("an unknown format", ObjectFormat.describeOther(bytes(0x12, 0x34, 0x56, 0x78, 0x9a)));
    }

    private static ByteBuffer bytes(String s) {
        return ByteBuffer.wrap(s.getBytes(StandardCharsets.ISO_8859_1));
    }

    private static ByteBuffer bytes(int... b) {
        byte[] out = new byte[b.length];
        for (int i = 0; i < b.length; i++) {
            out[i] = (byte) b[i];
        }
        return ByteBuffer.wrap(out);
    }
}
