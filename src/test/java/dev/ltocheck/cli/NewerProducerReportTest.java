package dev.ltocheck.cli;

import dev.ltocheck.support.NewerProducer;
import dev.ltocheck.support.Samples;
import org.apache.commons.io.FileUtils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Bitcode newer than the user's lld reads: what that lld does with it is the report's first line,
 * and ltocheck still reads the modules with its own readers.
 */
class NewerProducerReportTest {
    @TempDir
    Path dir;

    private Path copy(String sample) throws Exception {
        Path tree = dir.resolve(sample);
        FileUtils.copyDirectory(Samples.dir(sample).toFile(), tree.toFile());
        return tree;
    }

    @Test
    void anLlvm23SummaryVersionIsLeftOutByLld22InItsOwnWords() throws Exception {
        // LLVM main writes summary version 13; ld.lld 22.1.8 said, on this very tree (recorded in the golden):
        // one line for the module, which it leaves out of the thin link, and then the import errors of the rest.
        Path tree = copy("lld22-x86-pie");
        Path main = tree.resolve("init/main.o");
        Files.write(main, NewerProducer.withSummaryVersion(Files.readAllBytes(main), 13));
        List<String> recorded = Samples.golden("lld22-x86-pie", "forged-summary-version-13.txt").stream()
                .filter(l -> l.startsWith("ld.lld: ")).toList();
        assertEquals("ld.lld: error: Invalid summary version 13. Version should be in the range [1-12].", recorded.get(0));
        assertEquals(23, recorded.size());

        String cmd = tree.resolve(".vmlinux.o.cmd").toString();
        CliRunner.Run lines = CliRunner.run("check", "--lld-lines", "--link-cmd", cmd);
        assertEquals(recorded, lines.out().lines().toList());
        assertEquals(1, lines.exitCode(), lines.err());
        assertTrue(lines.err().contains("ltocheck: ld.lld 22.1.8 cannot read the summary of vmlinux.a(main.o at "),
                lines.err());

        CliRunner.Run report = CliRunner.run("check", "--link-cmd", cmd);
        String first = report.out().lines().findFirst().orElseThrow();
        assertTrue(first.startsWith("ld.lld 22.1.8 cannot read the summary of vmlinux.a(main.o at "), first);
        assertTrue(first.contains(" written by LLVM22.1.8 (summary version 13; ld.lld 22.1.8 reads 1-12): it prints"
                + " 'ld.lld: error: Invalid summary version 13. Version should be in the range [1-12].', leaves it out of"
                + " the thin link and goes on (ltocheck reads it with its own readers); then it fails: it prints 23 errors"
                + " and stops after 20, exit status 1."), first);
        // ltocheck's own readers read it, and say so: the analysis goes on.
        assertTrue(report.err().contains("vmlinux.a(main.o at 604): summary version 13 is newer than LLVM 20's 12"),
                report.err());
        assertTrue(report.out().contains("Take these 5 objects out of LTO: every failing pair has one of them."), report.out());
    }

    @Test
    void llvm22BitcodeIsStatedFirstForAnOlderLld() throws Exception {
        String cmd = Samples.dir("lld22-x86-pie").resolve(".vmlinux.o.cmd").toString();
        // ld.lld 19 reads summary versions up to 10, and stops at clang 22's IR (observed: 'Unknown attribute kind
        // (102) (Producer: 'LLVM22.1.8' Reader: 'LLVM 19.1.7')' naming the first member).
        CliRunner.Run report = CliRunner.run("check", "--lld-version", "19.1.7", "--link-cmd", cmd);
        String first = report.out().lines().findFirst().orElseThrow();
        assertTrue(first.startsWith("ld.lld 19.1.7 refuses the link before any import: 28 modules (first "), first);
        assertTrue(first.contains("written by LLVM22.1.8 (summary version 12; ld.lld 19.1.7 reads 1-10); it stops at the"
                + " first such member with an error naming it and '(Producer: 'LLVM22.1.8' Reader: 'LLVM 19.1.7')'"), first);
        assertEquals(1, report.exitCode());
        CliRunner.Run lines = CliRunner.run("check", "--lld-lines", "--lld-version", "19.1.7", "--link-cmd", cmd);
        assertEquals("", lines.out(), "its words are not known: none are made up");
        assertTrue(lines.err().contains("ltocheck: ld.lld 19.1.7 refuses the link before any import"), lines.err());
        // The bundled 20.1.7 reads version 12, but a newer producer may still use what it does not know.
        CliRunner.Run bundled = CliRunner.run("check", "--lld-version", "20.1.7", "--link-cmd", cmd);
        String line = bundled.out().lines().findFirst().orElseThrow();
        assertTrue(line.startsWith("ld.lld 20.1.7 may refuse 28 modules (first "), line);
        // Its own lld has nothing to say about the producer: the report starts as usual.
        CliRunner.Run own = CliRunner.run("check", "--link-cmd", cmd);
        assertTrue(own.out().lines().findFirst().orElseThrow().startsWith("The link fails: 22 errors (ld.lld 22.1.8 prints 20)"),
                own.out());
    }
}
